//! Listening in `update`: `p` plays from the cursor line or pauses, `f` follows the line being
//! spoken, `<` `>` seek, `{` `}` change the speed, `:1:30` seeks while playing; and the
//! player's events. What the player must do goes out as [`Effect::Player`]; the player (mpv)
//! lives in the app's jobs, and its events come back through `on_job`, tagged with the
//! generation of the player that sent them.

use super::view::{Placement, jump_to};
use super::{Effect, error, info};
use crate::player::{Media, Playback, PlayerEvent, PlayerOptions};
use crate::state::AppState;
use crate::text::format_time;
use crate::transcript::Document;

/// What the app's player worker is asked to do.
#[derive(Debug, Clone, PartialEq)]
pub enum PlayerCmd {
    /// Start a player for `media` (stopping any other); its events come back as
    /// [`crate::action::JobResult::Player`] tagged with `generation`.
    Start {
        generation: u64,
        media: Media,
        options: PlayerOptions,
    },
    /// Play from this many milliseconds into the recording.
    PlayFrom(u32),
    SetPaused(bool),
    /// Seek this many seconds forward (back, when negative).
    SeekBy(f64),
    /// Seek to this many milliseconds, keeping pause as it is.
    SeekTo(u32),
    SetSpeed(f64),
    /// Stop the player (mpv quits) and forget it.
    Stop,
}

/// How far `<` and `>` seek, in seconds.
pub const SEEK_STEP: f64 = 5.0;

/// Said when a transcript without times is asked to play.
pub const NO_TIMES: &str = "this transcript has no times";

/// Said by `<` `>` when nothing plays.
const NOT_PLAYING: &str = "nothing is playing: p plays from the cursor line";

/// `p`: plays from the cursor line's start; on the line being spoken, pauses or resumes.
pub(super) fn play_pause(state: &mut AppState, fx: &mut Vec<Effect>) {
    if !state.doc.is_timed() {
        error(state, NO_TIMES);
        return;
    }
    let Some(media) = state.player.media.clone() else {
        let text = no_media(&state.doc.name);
        error(state, text);
        return;
    };
    let cursor = state.view.cursor;
    let p = &mut state.player;
    if p.running && p.spoken == Some(cursor) && !p.playback.ended {
        let paused = !p.playback.paused;
        p.playback.paused = paused;
        fx.push(Effect::Player(PlayerCmd::SetPaused(paused)));
        return;
    }
    let ms = start_of(&state.doc, cursor);
    if p.running
        && p.length_is_final()
        && let Some(end) = p.playback.duration_ms
        && ms >= end
    {
        let hours = state.doc.hours();
        let text = format!(
            "line {} starts at {}, after the end of the recording ({})",
            cursor + 1,
            format_time(ms, hours),
            format_time(end, hours)
        );
        error(state, text);
        return;
    }
    if !p.running {
        p.generation += 1;
        p.running = true;
        p.said_short = false;
        let speed = p.playback.speed;
        p.playback = Playback {
            speed,
            ..Playback::default()
        };
        fx.push(Effect::Player(PlayerCmd::Start {
            generation: p.generation,
            media,
            options: options(state),
        }));
        if (speed - 1.0).abs() > 1e-6 {
            fx.push(Effect::Player(PlayerCmd::SetSpeed(speed)));
        }
    }
    let p = &mut state.player;
    // What the player will report soon, shown at once.
    p.playback.paused = false;
    p.playback.ended = false;
    p.playback.position_ms = Some(ms);
    p.spoken = Some(cursor);
    fx.push(Effect::Player(PlayerCmd::PlayFrom(ms)));
}

/// How to run the player, from the config (and `--video`).
fn options(state: &AppState) -> PlayerOptions {
    let c = &state.settings.options.player;
    PlayerOptions {
        command: c.command.clone().into(),
        video: c.video,
        extra_args: c.args.iter().map(Into::into).collect(),
        ..PlayerOptions::default()
    }
}

/// What `p` says when there is nothing to play.
fn no_media(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => format!(
            "no recording to play: use --media PATH, or put {stem}.m4a (.mp3, .mp4, …) beside {name}"
        ),
        _ => "no recording to play: use --media PATH".to_string(),
    }
}

/// Where line `line` starts in the recording: its time, else the time of the nearest timed
/// line before it, else the start.
fn start_of(doc: &Document, line: usize) -> u32 {
    (0..=line).rev().find_map(|l| doc.time(l)).unwrap_or(0)
}

/// `f`: follow the line being spoken, or stop following.
pub(super) fn toggle_follow(state: &mut AppState) {
    let p = &mut state.player;
    p.follow = !p.follow;
    if !p.follow {
        info(state, "not following the recording");
        return;
    }
    match p.spoken_line() {
        Some(line) => {
            jump_to(state, line, Placement::Center);
            info(state, "following the recording: moving the cursor stops it");
        }
        None => info(state, "follow on: p plays from the cursor line"),
    }
}

/// `<` `>`: seek `seconds` in the recording.
pub(super) fn seek(state: &mut AppState, seconds: f64, fx: &mut Vec<Effect>) {
    if !state.player.running {
        info(state, NOT_PLAYING);
        return;
    }
    fx.push(Effect::Player(PlayerCmd::SeekBy(seconds)));
}

/// `{` `}`: a step slower or faster (0.5×–3×). Before playing, it sets the speed `p` starts at.
pub(super) fn speed(state: &mut AppState, faster: bool, fx: &mut Vec<Effect>) {
    let p = &mut state.player;
    let now = p.playback.speed;
    let speed = if faster {
        crate::player::faster(now)
    } else {
        crate::player::slower(now)
    };
    p.playback.speed = speed;
    let shown = crate::player::format_speed(speed);
    if p.running {
        fx.push(Effect::Player(PlayerCmd::SetSpeed(speed)));
        if (speed - now).abs() < 1e-6 {
            let limit = if faster { "fastest" } else { "slowest" };
            info(state, format!("{shown} is the {limit}"));
        }
    } else {
        info(state, format!("speed {shown} (p plays)"));
    }
}

/// `:1:30` (a time) while playing: the recording goes there too.
pub(super) fn goto_seek(state: &mut AppState, text: &str, fx: &mut Vec<Effect>) {
    if !state.player.running {
        return;
    }
    if let Ok(Some(super::Target::Time(ms))) = super::parse_goto(text.trim()) {
        let p = &mut state.player;
        p.playback.position_ms = Some(ms);
        p.spoken = Some(state.view.cursor);
        fx.push(Effect::Player(PlayerCmd::SeekTo(ms)));
    }
}

/// Ctrl-z: the recording pauses while lector is stopped.
pub(super) fn pause_for_suspend(state: &mut AppState, fx: &mut Vec<Effect>) {
    let p = &mut state.player;
    if p.running && !p.playback.paused {
        p.playback.paused = true;
        fx.push(Effect::Player(PlayerCmd::SetPaused(true)));
    }
}

/// After an action: a cursor the user moved off the spoken line stops following.
pub(super) fn after_action(state: &mut AppState, cursor_before: usize) {
    let p = &state.player;
    let cursor = state.view.cursor;
    if p.follow && p.running && cursor != cursor_before && p.spoken != Some(cursor) {
        state.player.follow = false;
        if state.message.is_none() {
            info(state, "not following the recording: f follows it again");
        }
    }
}

/// An event of player `generation`.
pub(super) fn event(
    state: &mut AppState,
    generation: u64,
    event: PlayerEvent,
    fx: &mut Vec<Effect>,
) {
    let p = &mut state.player;
    if generation != p.generation || !p.running {
        return;
    }
    let loaded = p.playback.loaded;
    p.playback.apply(&event);
    match event {
        PlayerEvent::Position { ms } => spoken_at(state, ms),
        PlayerEvent::Duration { ms } => {
            let doc_end = state.doc.duration().unwrap_or(0);
            // The last line starting after the end: the recording is not this transcript's
            // whole (a second of slack for rounding).
            if !p.said_short && p.length_is_final() && doc_end > ms.saturating_add(1000) {
                p.said_short = true;
                let hours = state.doc.hours() || crate::text::needs_hours(Some(ms));
                let text = format!(
                    "the recording ({}) is shorter than the transcript (its last line starts at {})",
                    format_time(ms, hours),
                    format_time(doc_end, hours)
                );
                info(state, text);
            }
        }
        PlayerEvent::Ended => info(state, "end of the recording"),
        PlayerEvent::Died { message } => {
            stopped(state, fx);
            // The hint stays on screen however long mpv's last words are.
            let message = crate::text::ellipsize(&message, 56);
            error(state, format!("{message} · p starts it again"));
        }
        // Before the media opened: it cannot be played, and the player can do no more.
        PlayerEvent::Error { message } if !loaded => {
            stopped(state, fx);
            error(state, message);
        }
        PlayerEvent::Error { message } => error(state, message),
        PlayerEvent::Loaded | PlayerEvent::Paused(_) | PlayerEvent::Speed(_) => {}
    }
}

/// The player of `generation` could not start (`stopped`) or do what was asked.
pub(super) fn failed(
    state: &mut AppState,
    generation: u64,
    message: String,
    stopped_now: bool,
    fx: &mut Vec<Effect>,
) {
    if generation != state.player.generation || !state.player.running {
        return;
    }
    if stopped_now {
        stopped(state, fx);
    }
    error(state, message);
}

/// The player is gone: forget it (the worker drops it) until `p` starts another.
fn stopped(state: &mut AppState, fx: &mut Vec<Effect>) {
    let p = &mut state.player;
    p.running = false;
    p.spoken = None;
    p.playback.paused = true;
    fx.push(Effect::Player(PlayerCmd::Stop));
}

/// The recording is at `ms`: the spoken line moves there, and the cursor with it when
/// following.
fn spoken_at(state: &mut AppState, ms: u32) {
    let doc = &state.doc;
    let Some(line) = doc.line_at_time(ms) else {
        return;
    };
    let p = &mut state.player;
    // Lines that start at the same time are one moment: the one played from stays spoken.
    let same = p
        .spoken
        .is_some_and(|s| s == line || (doc.time(s).is_some() && doc.time(s) == doc.time(line)));
    if same {
        return;
    }
    p.spoken = Some(line);
    if p.follow && state.view.cursor != line {
        jump_to(state, line, Placement::Center);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_no_media_message_names_the_file_to_put_beside() {
        assert_eq!(
            no_media("talk.srt"),
            "no recording to play: use --media PATH, or put talk.m4a (.mp3, .mp4, …) beside talk.srt"
        );
        assert_eq!(no_media("stdin"), "no recording to play: use --media PATH");
    }

    #[test]
    fn a_line_without_a_time_starts_where_the_line_before_it_does() {
        let doc = Document::new("t", crate::transcript::Format::Plain, "a\nb\nc\n".into())
            .with_times(vec![
                crate::transcript::document::NO_TIME,
                5_000,
                crate::transcript::document::NO_TIME,
            ]);
        assert_eq!(start_of(&doc, 0), 0);
        assert_eq!(start_of(&doc, 1), 5_000);
        assert_eq!(start_of(&doc, 2), 5_000);
    }
}
