//! The learned boundary model and the segmenter's settings, read from
//! `assets/outline-model.toml`, which `examples/outline_fit.rs` writes.
//!
//! The model is a logistic regression over the [`super::features`] of a gap: its log-odds that
//! a topic starts within three lines of it. The file is embedded in the binary and parsed only
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
        z
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
