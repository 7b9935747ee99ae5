//! The learned boundary model and the segmenter's settings, read from
//! `assets/outline-model.toml`, which `examples/outline_fit.rs` writes.
//!
//! The model is a logistic regression over the [`super::features`] of a gap, plus a few small
//! boosted trees on top: its log-odds that a topic starts near it. The file is embedded in the binary and parsed only
//! when an automatic outline is computed.

use super::features::{self, GapFeatures};
use serde::{Deserialize, Serialize};

/// The embedded weights file.
pub const EMBEDDED: &str = include_str!("../../assets/outline-model.toml");

/// A logistic regression over standardised features.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Boundary {
    pub features: Vec<String>,
    pub mean: Vec<f64>,
    pub scale: Vec<f64>,
    pub weights: Vec<f64>,
    pub bias: f64,
    /// Small regression trees boosted on the regression's log-odds (added to them).
    #[serde(default)]
    pub trees: Vec<Tree>,
}

/// A complete binary tree over the raw features: node `i`'s children are `2i + 1` (the value is
/// at most the threshold) and `2i + 2`; below the last inner node come the leaves, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tree {
    pub feature: Vec<usize>,
    pub threshold: Vec<f64>,
    pub leaf: Vec<f64>,
}

impl Tree {
    /// The tree's value for one row of features.
    pub fn value(&self, row: &[f32]) -> f64 {
        let inner = self.feature.len();
        let mut i = 0;
        while i < inner {
            i = 2 * i
                + if f64::from(row[self.feature[i]]) <= self.threshold[i] {
                    1
                } else {
                    2
                };
        }
        self.leaf[i - inner]
    }

    fn is_valid(&self, dim: usize) -> bool {
        let inner = self.feature.len();
        (inner + 1).is_power_of_two()
            && self.threshold.len() == inner
            && self.leaf.len() == inner + 1
            && self.feature.iter().all(|&f| f < dim)
    }
}

/// The segmenter's settings (see [`super::dp`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DpSettings {
    /// Dirichlet prior of the topic language models.
    pub alpha: f64,
    /// Weight of a topic's lexical cohesion (its log-likelihood, in units of an average line).
    pub cohesion: f64,
    /// Weight of the boundary model's log-odds at a topic's first line.
    pub boundary: f64,
    /// Spread (log scale) of the log-normal prior on a topic's length around `n / topics`.
    pub length_sigma: f64,
    /// The median of the prior on the number of topics, for a 1,000-line text.
    pub topics: f64,
    /// How the median changes with the length: × (lines / 1000)^−slope (publishers give short
    /// transcripts about as many chapters as long ones, a few more if anything).
    #[serde(default)]
    pub topics_slope: f64,
    /// Its spread, log scale.
    pub topics_sigma: f64,
    /// Fewest and most topics a reader is offered, when the text is long enough.
    pub min_topics: usize,
    pub max_topics: usize,
    /// A topic's fewest lines: this share of the text, within `min_lines..=max_min_lines`.
    pub min_share: f64,
    pub min_lines: usize,
    pub max_min_lines: usize,
}

/// The whole weights file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    pub boundary: Boundary,
    pub dp: DpSettings,
}

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("outline model: {0}")]
    Parse(#[from] toml::de::Error),
    #[error("outline model: expected features {expected:?}, the file has {found:?}")]
    Features {
        expected: Vec<String>,
        found: Vec<String>,
    },
    #[error("outline model: {0} values where {1} features need as many")]
    Lengths(&'static str, usize),
    #[error("outline model: a tree that is not complete or names an unknown feature")]
    Tree,
}

impl Model {
    /// Parses a weights file and checks it against the features this build computes.
    pub fn parse(text: &str) -> Result<Model, ModelError> {
        let model: Model = toml::from_str(text)?;
        let b = &model.boundary;
        if b.features != features::names() {
            return Err(ModelError::Features {
                expected: features::names().to_vec(),
                found: b.features.clone(),
            });
        }
        let dim = b.features.len();
        for (name, v) in [
            ("mean", &b.mean),
            ("scale", &b.scale),
            ("weights", &b.weights),
        ] {
            if v.len() != dim {
                return Err(ModelError::Lengths(name, dim));
            }
        }
        if !b.trees.iter().all(|t| t.is_valid(dim)) {
            return Err(ModelError::Tree);
        }
        Ok(model)
    }

    /// The embedded model (a test checks that it parses).
    pub fn embedded() -> Model {
        Model::parse(EMBEDDED).unwrap_or_else(|_| Model::fallback())
    }

    /// A model with no boundary weights: segmentation by cohesion alone. Used only if the
    /// embedded file were broken, which a unit test rules out.
    fn fallback() -> Model {
        let dim = features::names().len();
        Model {
            boundary: Boundary {
                features: features::names().to_vec(),
                mean: vec![0.0; dim],
                scale: vec![1.0; dim],
                weights: vec![0.0; dim],
                bias: 0.0,
                trees: Vec::new(),
            },
            dp: DpSettings {
                alpha: 0.1,
                cohesion: 1.0,
                boundary: 0.0,
                length_sigma: 0.8,
                topics: 10.0,
                topics_slope: 0.0,
                topics_sigma: 0.5,
                min_topics: 5,
                max_topics: 16,
                min_share: 0.02,
                min_lines: 8,
                max_min_lines: 40,
            },
        }
    }
}

impl Boundary {
    /// The log-odds of a boundary at each gap (`0.0` at gaps 0 and `n`).
    pub fn log_odds(&self, f: &GapFeatures) -> Vec<f32> {
        let mut out = vec![0f32; f.n + 1];
        for (g, slot) in out.iter_mut().enumerate().take(f.n).skip(1) {
            *slot = self.score(f.row(g)) as f32;
        }
        out
    }

    /// The log-odds for one row of features.
    pub fn score(&self, row: &[f32]) -> f64 {
        let mut z = self.bias;
        for (i, &x) in row.iter().enumerate() {
            z += self.weights[i] * (f64::from(x) - self.mean[i]) / self.scale[i];
        }
        z + self.trees.iter().map(|t| t.value(row)).sum::<f64>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_model_parses_and_matches_the_features() {
        let m = Model::parse(EMBEDDED).expect("assets/outline-model.toml");
        assert_eq!(m.boundary.features, features::names());
        assert!(m.dp.min_topics <= m.dp.max_topics);
        assert!(m.boundary.scale.iter().all(|&s| s > 0.0));
    }

    #[test]
    fn a_tree_sends_a_row_down_by_its_thresholds_and_a_broken_tree_is_refused() {
        let t = Tree {
            feature: vec![0, 1, 1],
            threshold: vec![0.5, 0.0, 2.0],
            leaf: vec![1.0, 2.0, 3.0, 4.0],
        };
        assert_eq!(t.value(&[0.5, -1.0]), 1.0);
        assert_eq!(t.value(&[0.0, 1.0]), 2.0);
        assert_eq!(t.value(&[1.0, 2.0]), 3.0);
        assert_eq!(t.value(&[1.0, 2.5]), 4.0);
        let mut m = Model::embedded();
        let base = m.boundary.score(&vec![0.0; m.boundary.features.len()]);
        m.boundary.trees.push(Tree {
            feature: vec![0],
            threshold: vec![f64::INFINITY],
            leaf: vec![0.25, 0.0],
        });
        let text = toml::to_string(&m).unwrap();
        let back = Model::parse(&text).expect("a model with a tree");
        let with = back.boundary.score(&vec![0.0; m.boundary.features.len()]);
        assert!((with - base - 0.25).abs() < 1e-9);
        m.boundary.trees[0].leaf.pop();
        let text = toml::to_string(&m).unwrap();
        assert!(matches!(Model::parse(&text), Err(ModelError::Tree)));
    }

    #[test]
    fn a_file_for_other_features_is_refused() {
        let mut m = Model::embedded();
        m.boundary.features[0] = "something else".into();
        let text = toml::to_string(&m).unwrap();
        assert!(matches!(
            Model::parse(&text),
            Err(ModelError::Features { .. })
        ));
    }
}
