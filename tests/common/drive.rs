//! Driving a state as the app does, without threads: an action, then any search it starts run
//! to its end, its results fed back as the search job would send them.

use lector::action::{Action, JobResult};
use lector::search::scan_all;
use lector::state::AppState;
use lector::update::{Effect, on_job, update};
use std::sync::atomic::AtomicU64;

/// Applies `action`, then runs the searches it starts to their end.
pub fn apply(s: &mut AppState, action: Action) -> Vec<Effect> {
    let effects = update(s, action);
    run_searches(s, &effects);
    effects
}

/// Runs the searches among `effects`, feeding their results back in batches.
pub fn run_searches(s: &mut AppState, effects: &[Effect]) {
    for e in effects {
        if let Effect::Search {
            generation,
            matcher,
        } = e
        {
            let generation = *generation;
            let current = AtomicU64::new(generation);
            let doc = s.doc.clone();
            let mut batches = Vec::new();
            scan_all(&doc, matcher, &current, generation, &mut |matches, f| {
                batches.push(JobResult::SearchResults {
                    generation,
                    matches,
                    progress: (f * 100.0) as u8,
                    done: f >= 1.0,
                });
            });
            for b in batches {
                let more = on_job(s, b);
                run_searches(s, &more);
            }
        }
    }
}
