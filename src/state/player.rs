//! Listening: the recording behind the transcript, what the player last reported, and whether
//! the view follows the line being spoken. The player itself (mpv) belongs to the app's jobs;
//! this part holds only what its events said, tagged with the generation of the player that
//! said it.

use crate::player::{Media, Playback};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct PlayerState {
    /// What `p` plays: `--media`, or the file found beside the transcript. `None`: nothing to
    /// play.
    pub media: Option<Media>,
    /// The generation of the newest player asked for; events of older ones are dropped.
    pub generation: u64,
    /// A player was started and has neither died nor failed (it may still be loading).
    pub running: bool,
    /// What the player reported last (position, length, pause, speed). The speed is kept
    /// between players: `{` `}` before `p` choose the speed it starts at.
    pub playback: Playback,
    /// The line being spoken (from the position), while a player runs.
    pub spoken: Option<usize>,
    /// Keep the spoken line in view, with the cursor on it (`f`); moving the cursor stops it.
    pub follow: bool,
    /// This player's recording was found shorter than the transcript (said once).
    pub said_short: bool,
}

impl PlayerState {
    /// Whether the length mpv reports is the recording's: true of a local file. A stream's
    /// (a URL, `av://…`) grows with what has been read, so it says nothing of the end.
    pub fn length_is_final(&self) -> bool {
        matches!(self.media, Some(Media::File(_)))
    }

    /// The status bar's playback text (`▶ 12:34 / 1:18:01 ×1.5`) while a player runs.
    pub fn status(&self) -> Option<String> {
        self.running.then(|| self.playback.status())
    }

    /// The line to mark as spoken, while a player runs.
    pub fn spoken_line(&self) -> Option<usize> {
        self.spoken.filter(|_| self.running)
    }
}
