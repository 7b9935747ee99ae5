//! Threads that turn the outside world into events for the loop: the terminal's input and
//! signals.

use super::AppEvent;
use ratatui::crossterm::event;
use std::sync::mpsc;

pub fn spawn_input_thread(tx: mpsc::Sender<AppEvent>) {
    let _ = std::thread::Builder::new()
        .name("lector-input".into())
        .spawn(move || {
            loop {
                let msg = match event::read() {
                    Ok(ev) => AppEvent::Terminal(ev),
                    Err(e) => AppEvent::InputError(e.to_string()),
                };
                let stop = matches!(msg, AppEvent::InputError(_));
                if tx.send(msg).is_err() || stop {
                    return;
                }
            }
        });
}

#[cfg(unix)]
pub fn spawn_signal_thread(tx: mpsc::Sender<AppEvent>) -> anyhow::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    std::thread::Builder::new()
        .name("lector-signals".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next()
                && tx.send(AppEvent::Signal(sig)).is_err()
            {
                // The loop is gone: restore and leave ourselves.
                super::terminal::restore();
                std::process::exit(128 + sig);
            }
        })?;
    Ok(())
}

#[cfg(not(unix))]
pub fn spawn_signal_thread(_tx: mpsc::Sender<AppEvent>) -> anyhow::Result<()> {
    Ok(())
}
