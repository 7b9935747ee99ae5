//! Listening, as data: the keys `p` `f` `<` `>` `{` `}` and `:1:30`, and the player's events,
//! replayed on a state; the effects they ask of the player; what the screen and the session
//! show. The real mpv is driven in `player.rs` and, through the binary, in `e2e_player.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed

use lector::action::{Action, JobResult};
use lector::keymap::Keymap;
use lector::outline::{Outline, Source, Topic};
use lector::player::{INSTALL_MPV, Media, PlayerEvent};
use lector::state::{AppState, MessageKind};
use lector::transcript::{Document, Format};
use lector::update::{Effect, NO_TIMES, PlayerCmd, on_job, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::PathBuf;
use std::sync::Arc;

/// 300 lines, one every 2 seconds ("line 46 at 1:30" starts at 90 s), with a recording.
fn timed() -> AppState {
    let text: String = (0..300)
        .map(|i| format!("line {} at {}:{:02}\n", i + 1, i * 2 / 60, i * 2 % 60))
        .collect();
    let times = (0..300).map(|i| i * 2000).collect();
    let doc = Document::new("talk.srt", Format::Srt, text).with_times(times);
    let mut s = state(doc);
    s.player.media = Some(media());
    s
}

fn media() -> Media {
    Media::File(PathBuf::from("/rec/talk.wav"))
}

fn state(doc: Document) -> AppState {
    let topics = vec![Topic {
        line: 0,
        title: "Start".into(),
        level: 1,
    }];
    let outline = Outline::new(topics, Source::Sidecar, doc.len());
    let mut s = AppState::new(Arc::new(doc), outline, Arc::new(Keymap::default_keymap()));
    update(&mut s, Action::Resize(80, 24));
    s
}

/// Goes to line `n` (1-based) with the `:` prompt's target.
fn goto(s: &mut AppState, n: usize) {
    update(s, Action::Goto(n.to_string()));
}

fn cmds(effects: &[Effect]) -> Vec<PlayerCmd> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Player(c) => Some(c.clone()),
            _ => None,
        })
        .collect()
}

fn message(s: &AppState) -> String {
    s.message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

fn event(s: &mut AppState, e: PlayerEvent) -> Vec<Effect> {
    let generation = s.player.generation;
    on_job(
        s,
        JobResult::Player {
            generation,
            event: e,
        },
    )
}

/// Plays from line 46 (1:30) and lets the player report it loaded and playing there.
fn playing_at_46(s: &mut AppState) {
    goto(s, 46);
    update(s, Action::PlayPause);
    for e in [
        PlayerEvent::Loaded,
        PlayerEvent::Duration { ms: 600_000 },
        PlayerEvent::Paused(false),
        PlayerEvent::Position { ms: 90_000 },
    ] {
        event(s, e);
    }
}

#[test]
fn p_starts_the_player_and_plays_from_the_cursor_lines_start() {
    let mut s = timed();
    s.settings.options.player.args = vec!["--ao=null".into()];
    s.settings.options.player.video = true;
    goto(&mut s, 46);
    let fx = update(&mut s, Action::PlayPause);
    let cmds = cmds(&fx);
    assert_eq!(cmds.len(), 2, "{cmds:?}");
    match &cmds[0] {
        PlayerCmd::Start {
            generation,
            media: m,
            options,
        } => {
            assert_eq!(*generation, 1);
            assert_eq!(*m, media());
            assert_eq!(options.command, "mpv");
            assert_eq!(
                options.extra_args,
                vec![std::ffi::OsString::from("--ao=null")]
            );
            assert!(options.video);
        }
        other => panic!("expected Start, got {other:?}"),
    }
    assert_eq!(cmds[1], PlayerCmd::PlayFrom(90_000));
    assert!(s.player.running);
    assert_eq!(s.player.spoken, Some(45));
    assert_eq!(s.player.status().unwrap(), "▶ 1:30 / --:--");
}

#[test]
fn p_on_the_spoken_line_pauses_and_resumes_and_elsewhere_plays_from_there() {
    let mut s = timed();
    playing_at_46(&mut s);
    assert_eq!(s.player.status().unwrap(), "▶ 1:30 / 10:00");
    let fx = update(&mut s, Action::PlayPause);
    assert_eq!(cmds(&fx), [PlayerCmd::SetPaused(true)]);
    assert!(s.player.status().unwrap().starts_with('⏸'));
    let fx = update(&mut s, Action::PlayPause);
    assert_eq!(cmds(&fx), [PlayerCmd::SetPaused(false)]);
    // Another line: plays from its start, with the same player.
    goto(&mut s, 100);
    let fx = update(&mut s, Action::PlayPause);
    assert_eq!(cmds(&fx), [PlayerCmd::PlayFrom(198_000)]);
    assert_eq!(s.player.generation, 1);
    assert_eq!(s.player.spoken, Some(99));
}

#[test]
fn a_transcript_without_times_or_without_a_recording_says_so() {
    let mut s = state(Document::new(
        "notes.txt",
        Format::Plain,
        "a\nb\n".to_string(),
    ));
    s.player.media = Some(media());
    let fx = update(&mut s, Action::PlayPause);
    assert!(cmds(&fx).is_empty());
    assert_eq!(message(&s), NO_TIMES);
    assert_eq!(s.message.as_ref().unwrap().kind, MessageKind::Error);

    let mut s = timed();
    s.player.media = None;
    let fx = update(&mut s, Action::PlayPause);
    assert!(cmds(&fx).is_empty());
    assert_eq!(
        message(&s),
        "no recording to play: use --media PATH, or put talk.m4a (.mp3, .mp4, …) beside talk.srt"
    );
    assert!(!s.player.running);
}

#[test]
fn no_mpv_gives_the_install_message_and_p_tries_again() {
    let mut s = timed();
    update(&mut s, Action::PlayPause);
    let fx = on_job(
        &mut s,
        JobResult::PlayerFailed {
            generation: 1,
            message: INSTALL_MPV.into(),
            stopped: true,
        },
    );
    assert_eq!(cmds(&fx), [PlayerCmd::Stop]);
    assert_eq!(message(&s), INSTALL_MPV);
    assert!(!s.player.running);
    assert_eq!(
        s.player.status(),
        None,
        "the status bar shows the line's time again"
    );
    let fx = update(&mut s, Action::PlayPause);
    assert!(matches!(
        cmds(&fx)[0],
        PlayerCmd::Start { generation: 2, .. }
    ));
}

#[test]
fn the_spoken_line_follows_the_position_and_follow_moves_the_cursor() {
    let mut s = timed();
    playing_at_46(&mut s);
    event(&mut s, PlayerEvent::Position { ms: 93_500 });
    assert_eq!(s.player.spoken, Some(46), "line 47 starts at 1:32");
    assert_eq!(s.view.cursor, 45, "not following: the cursor stays");
    update(&mut s, Action::ToggleFollow);
    assert!(s.player.follow);
    assert_eq!(s.view.cursor, 46, "f brings the cursor to the spoken line");
    event(&mut s, PlayerEvent::Position { ms: 120_000 });
    assert_eq!((s.player.spoken, s.view.cursor), (Some(60), 60));
    // Far ahead, off the screen: the view follows.
    event(&mut s, PlayerEvent::Position { ms: 400_000 });
    assert_eq!(s.view.cursor, 200);
    let (top, bottom) = (s.view.top, s.bottom_pos().0);
    assert!(
        top <= 200 && 200 <= bottom,
        "line 201 on screen: {top}..{bottom}"
    );
}

#[test]
fn moving_the_cursor_stops_following_until_f() {
    let mut s = timed();
    playing_at_46(&mut s);
    update(&mut s, Action::ToggleFollow);
    update(&mut s, Action::Down);
    assert!(!s.player.follow);
    assert_eq!(
        message(&s),
        "not following the recording: f follows it again"
    );
    event(&mut s, PlayerEvent::Position { ms: 130_000 });
    assert_eq!(s.view.cursor, 46, "the cursor stays where the user put it");
    assert_eq!(s.player.spoken, Some(65));
    update(&mut s, Action::ToggleFollow);
    assert_eq!(s.view.cursor, 65);
    // A key that does not move the cursor keeps following.
    update(&mut s, Action::ToggleWrap);
    assert!(s.player.follow);
    // A jump is a move too.
    goto(&mut s, 10);
    assert!(!s.player.follow);
}

#[test]
fn goto_a_time_while_playing_seeks_and_keeps_following() {
    let mut s = timed();
    playing_at_46(&mut s);
    update(&mut s, Action::ToggleFollow);
    update(&mut s, Action::GotoPrompt);
    for c in "2:30".chars() {
        update(&mut s, Action::PromptInsert(c));
    }
    let fx = update(&mut s, Action::PromptSubmit);
    assert_eq!(cmds(&fx), [PlayerCmd::SeekTo(150_000)]);
    assert_eq!(s.view.cursor, 75);
    assert!(s.player.follow);
    // A line number does not seek.
    update(&mut s, Action::GotoPrompt);
    update(&mut s, Action::PromptInsert('9'));
    let fx = update(&mut s, Action::PromptSubmit);
    assert!(cmds(&fx).is_empty());
}

#[test]
fn seeking_and_speed() {
    let mut s = timed();
    let fx = update(&mut s, Action::SeekForward);
    assert!(cmds(&fx).is_empty());
    assert_eq!(
        message(&s),
        "nothing is playing: p plays from the cursor line"
    );
    // The speed chosen before playing is the one the player starts at.
    update(&mut s, Action::Faster);
    update(&mut s, Action::Faster);
    assert_eq!(message(&s), "speed ×1.5 (p plays)");
    let fx = update(&mut s, Action::PlayPause);
    let c = cmds(&fx);
    assert!(matches!(c[0], PlayerCmd::Start { .. }));
    assert_eq!(c[1..], [PlayerCmd::SetSpeed(1.5), PlayerCmd::PlayFrom(0)]);
    assert_eq!(
        cmds(&update(&mut s, Action::SeekBack)),
        [PlayerCmd::SeekBy(-5.0)]
    );
    assert_eq!(
        cmds(&update(&mut s, Action::SeekForward)),
        [PlayerCmd::SeekBy(5.0)]
    );
    update(&mut s, Action::Count(3));
    assert_eq!(
        cmds(&update(&mut s, Action::SeekForward)),
        [PlayerCmd::SeekBy(15.0)]
    );
    assert_eq!(
        cmds(&update(&mut s, Action::Slower)),
        [PlayerCmd::SetSpeed(1.25)]
    );
    event(&mut s, PlayerEvent::Speed(1.25));
    event(&mut s, PlayerEvent::Position { ms: 10_000 });
    assert_eq!(s.player.status().unwrap(), "▶ 0:10 / --:-- ×1.25");
    for _ in 0..10 {
        update(&mut s, Action::Faster);
    }
    assert_eq!(s.player.playback.speed, 3.0);
    assert_eq!(message(&s), "×3 is the fastest");
    for _ in 0..12 {
        update(&mut s, Action::Slower);
    }
    assert_eq!(s.player.playback.speed, 0.5);
}

#[test]
fn mpv_dying_is_said_and_p_starts_a_new_one() {
    let mut s = timed();
    playing_at_46(&mut s);
    let fx = event(
        &mut s,
        PlayerEvent::Died {
            message: "mpv was killed (SIGKILL)".into(),
        },
    );
    assert_eq!(cmds(&fx), [PlayerCmd::Stop]);
    assert_eq!(message(&s), "mpv was killed (SIGKILL) · p starts it again");
    assert!(!s.player.running);
    assert_eq!(s.player.spoken_line(), None);
    // Late events of the dead player change nothing.
    event(&mut s, PlayerEvent::Position { ms: 200_000 });
    assert_eq!(s.player.spoken, None);
    // The reader goes on; p starts a new player, whose events count.
    update(&mut s, Action::Down);
    let fx = update(&mut s, Action::PlayPause);
    assert!(matches!(
        cmds(&fx)[..],
        [
            PlayerCmd::Start { generation: 2, .. },
            PlayerCmd::PlayFrom(92_000)
        ]
    ));
    on_job(
        &mut s,
        JobResult::Player {
            generation: 1,
            event: PlayerEvent::Position { ms: 300_000 },
        },
    );
    assert_eq!(
        s.player.spoken,
        Some(46),
        "an old player's event is dropped"
    );
    on_job(
        &mut s,
        JobResult::Player {
            generation: 2,
            event: PlayerEvent::Position { ms: 300_000 },
        },
    );
    assert_eq!(s.player.spoken, Some(150));
}

#[test]
fn a_recording_mpv_cannot_play_stops_the_player_with_mpvs_words() {
    let mut s = timed();
    update(&mut s, Action::PlayPause);
    let fx = event(
        &mut s,
        PlayerEvent::Error {
            message: "cannot play talk.wav: Failed to recognize file format".into(),
        },
    );
    assert_eq!(cmds(&fx), [PlayerCmd::Stop]);
    assert_eq!(
        message(&s),
        "cannot play talk.wav: Failed to recognize file format"
    );
    assert!(!s.player.running);
    // Once loaded, an error is only said.
    let mut s = timed();
    playing_at_46(&mut s);
    let fx = event(
        &mut s,
        PlayerEvent::Error {
            message: "mpv could not seek: error running command".into(),
        },
    );
    assert!(cmds(&fx).is_empty());
    assert!(s.player.running);
}

#[test]
fn a_recording_shorter_than_the_transcript_is_said_once_and_lines_after_its_end_refused() {
    let mut s = timed();
    goto(&mut s, 10);
    update(&mut s, Action::PlayPause);
    event(&mut s, PlayerEvent::Duration { ms: 300_000 });
    assert_eq!(
        message(&s),
        "the recording (5:00) is shorter than the transcript (its last line starts at 9:58)"
    );
    update(&mut s, Action::Down);
    event(&mut s, PlayerEvent::Duration { ms: 300_000 });
    assert_eq!(message(&s), "", "said once");
    goto(&mut s, 200);
    let fx = update(&mut s, Action::PlayPause);
    assert!(cmds(&fx).is_empty());
    assert_eq!(
        message(&s),
        "line 200 starts at 6:38, after the end of the recording (5:00)"
    );
}

#[test]
fn a_stream_s_length_is_not_taken_as_the_recording_s_end() {
    // mpv reports a growing length for a stream (`av://lavfi:…`, a URL): what it read so far.
    let mut s = timed();
    s.player.media = Some(Media::Url("av://lavfi:anullsrc=d=600".into()));
    goto(&mut s, 10);
    update(&mut s, Action::PlayPause);
    event(&mut s, PlayerEvent::Duration { ms: 1_000 });
    assert_eq!(message(&s), "", "no 'shorter than the transcript'");
    goto(&mut s, 50);
    let fx = update(&mut s, Action::PlayPause);
    assert_eq!(cmds(&fx), [PlayerCmd::PlayFrom(98_000)]);
}

#[test]
fn at_the_end_p_plays_again_from_the_cursor_line() {
    let mut s = timed();
    playing_at_46(&mut s);
    event(&mut s, PlayerEvent::Ended);
    event(&mut s, PlayerEvent::Paused(true));
    assert_eq!(message(&s), "end of the recording");
    let fx = update(&mut s, Action::PlayPause);
    assert_eq!(cmds(&fx), [PlayerCmd::PlayFrom(90_000)]);
}

#[test]
fn suspending_pauses_the_recording_first() {
    let mut s = timed();
    playing_at_46(&mut s);
    let fx = update(&mut s, Action::Suspend);
    assert!(matches!(
        fx[..],
        [Effect::Player(PlayerCmd::SetPaused(true)), Effect::Suspend]
    ));
    // Paused already: nothing to pause.
    let fx = update(&mut s, Action::Suspend);
    assert!(matches!(fx[..], [Effect::Suspend]));
}

#[test]
fn the_spoken_line_is_marked_and_the_status_bar_shows_the_playback() {
    let mut s = timed();
    playing_at_46(&mut s);
    event(&mut s, PlayerEvent::Speed(1.5));
    event(&mut s, PlayerEvent::Position { ms: 94_000 });
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| lector::ui::draw(f, &s)).unwrap();
    let buf = t.backend().buffer().clone();
    let row = |y: u16| -> String { (0..80).map(|x| buf[(x, y)].symbol()).collect() };
    let rows: Vec<String> = (0..24).map(row).collect();
    // The mark column is right of the outline pane's border (the pane marks its topic `▶` too).
    let spoken: Vec<&String> = rows.iter().filter(|r| r.contains("│▶")).collect();
    assert_eq!(spoken.len(), 1, "{rows:#?}");
    assert!(spoken[0].contains("48 1:34 line 48 at 1:34"), "{rows:#?}");
    let status = &rows[23];
    assert!(status.contains("│ ▶ 1:34 / 10:00 ×1.5 "), "{status}");
    // The spoken line has its own colour.
    let y = rows.iter().position(|r| r.contains("line 48 at")).unwrap() as u16;
    let theme = &s.settings.theme;
    let x = rows[y as usize].find("line 48").unwrap() as u16;
    assert_eq!(buf[(x, y)].bg, theme.spoken_line.bg.unwrap());
    // Paused: ⏸.
    event(&mut s, PlayerEvent::Paused(true));
    t.draw(|f| lector::ui::draw(f, &s)).unwrap();
    let status: String = (0..80)
        .map(|x| t.backend().buffer()[(x, 23)].symbol())
        .collect();
    assert!(status.contains("│ ⏸ 1:34 / 10:00 ×1.5 "), "{status}");
}

#[test]
fn every_listening_key_is_bound_and_in_the_help() {
    let keymap = Keymap::default_keymap();
    for a in [
        Action::PlayPause,
        Action::ToggleFollow,
        Action::SeekBack,
        Action::SeekForward,
        Action::Slower,
        Action::Faster,
    ] {
        assert_eq!(a.group(), "Listening", "{}", a.name());
        let keys = keymap.keys_for(lector::keymap::KeyMode::Global, &a);
        assert!(!keys.is_empty(), "{} has no key", a.name());
    }
    assert!(Action::groups().contains(&"Listening"));
}

// ---------------------------------------------------------------------------------------------
// The session: which recording, and saying so.

mod session {
    use lector::config::{Config, Loaded};
    use lector::load::{Input, LoadOptions, load};
    use lector::player::Media;
    use lector::session::Setup;
    use lector::state::MessageKind;
    use lector::theme::ColorEnv;
    use std::path::Path;

    const SRT: &str = "1\n00:00:01,000 --> 00:00:02,000\nfirst cue\n\n\
                       2\n00:01:30,000 --> 00:01:31,000\nsecond cue\n";

    fn setup(dir: &Path, media: Option<&str>) -> Setup {
        let (config, errors) = Config::from_text("", "c.toml", Some(dir));
        Setup {
            notes_file: Some(dir.join("n.toml")),
            config: Loaded {
                config,
                path: None,
                errors,
            },
            colors: ColorEnv::default(),
            homes: lector::notes::Homes::under(dir),
            media: media.map(Into::into),
        }
    }

    fn open(dir: &Path, file: &str, media: Option<&str>) -> lector::state::AppState {
        let input = Input::File(dir.join(file));
        let loaded = load(&input, &LoadOptions::default()).unwrap();
        setup(dir, media).session(loaded, &input, None).state
    }

    fn help_media(s: &lector::state::AppState) -> &str {
        s.settings
            .info
            .iter()
            .find(|(k, _)| k == "media")
            .map(|(_, v)| v.as_str())
            .unwrap()
    }

    #[test]
    fn a_recording_beside_the_transcript_is_found_and_said() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("talk.en.srt"), SRT).unwrap();
        std::fs::write(dir.path().join("talk.mp4"), b"").unwrap();
        std::fs::write(dir.path().join("talk.m4a"), b"").unwrap();
        let s = open(dir.path(), "talk.en.srt", None);
        assert_eq!(
            s.player.media,
            Some(Media::File(dir.path().join("talk.m4a"))),
            "audio first, the language tag taken off"
        );
        let m = s.message.unwrap();
        assert_eq!(m.text, "media: talk.m4a · p plays from the cursor line");
        assert_eq!(m.kind, MessageKind::Info);
        assert_eq!(
            help_media(&open(dir.path(), "talk.en.srt", None)),
            "talk.m4a"
        );
    }

    #[test]
    fn media_given_wins_and_a_missing_one_is_an_error_the_reader_survives() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("talk.srt"), SRT).unwrap();
        std::fs::write(dir.path().join("talk.m4a"), b"").unwrap();
        let url = "https://example.org/talk.mp3";
        let s = open(dir.path(), "talk.srt", Some(url));
        assert_eq!(s.player.media, Some(Media::Url(url.into())));
        assert_eq!(help_media(&s), url);
        let s = open(dir.path(), "talk.srt", Some("nowhere.m4a"));
        assert_eq!(s.player.media, None);
        let m = s.message.unwrap();
        assert_eq!(m.text, "media file not found: nowhere.m4a");
        assert_eq!(m.kind, MessageKind::Error);
    }

    #[test]
    fn an_untimed_transcript_does_not_offer_to_play() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("talk.txt"), "one\ntwo\n").unwrap();
        std::fs::write(dir.path().join("talk.mp3"), b"").unwrap();
        let s = open(dir.path(), "talk.txt", None);
        assert!(s.player.media.is_some());
        assert_eq!(s.message, None);
        let mp3 = dir.path().join("talk.mp3");
        let s = open(dir.path(), "talk.txt", Some(mp3.to_str().unwrap()));
        assert_eq!(s.message, None);
    }
}
