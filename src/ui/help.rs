//! The help overlay: every key actually bound, by mode, and where lector's files are.

use crate::action::Action;
use crate::keymap::KeyMode;
use crate::state::AppState;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

/// The help text as lines (for rendering and for tests).
pub fn lines(state: &AppState) -> Vec<Line<'static>> {
    let theme = &state.theme;
    let mut out = Vec::new();
    let sections = [
        (KeyMode::Transcript, "Transcript"),
        (KeyMode::Outline, "Outline pane (Tab to focus)"),
        (KeyMode::Visual, "Selecting lines (v)"),
        (KeyMode::Bookmarks, "Bookmarks list (B)"),
        (KeyMode::Global, "Anywhere"),
        (KeyMode::Prompt, "Prompt"),
        (KeyMode::Help, "This help"),
    ];
    let key_lists: Vec<Vec<(Action, String)>> = sections
        .iter()
        .map(|(mode, _)| {
            let mut b = state.keymap.bindings(*mode);
            b.sort_by_key(|(a, _)| a.rank());
            b.into_iter()
                .map(|(a, keys)| {
                    (
                        a,
                        keys.iter()
                            .map(|k| k.to_string())
                            .collect::<Vec<_>>()
                            .join(", "),
                    )
                })
                .collect()
        })
        .collect();
    let key_w = key_lists
        .iter()
        .flatten()
        .map(|(_, k)| k.len())
        .max()
        .unwrap_or(0)
        .max(20)
        + 2;
    for ((_, title), list) in sections.iter().zip(key_lists) {
        out.push(Line::styled(title.to_string(), theme.help_heading));
        for (action, keys) in list {
            out.push(Line::from(vec![
                Span::styled(format!("  {keys:<key_w$}"), theme.help_key),
                Span::styled(action.describe().to_string(), theme.help),
            ]));
        }
        out.push(Line::default());
    }
    out.push(Line::styled("Mouse".to_string(), theme.help_heading));
    if state.options.mouse {
        out.push(Line::raw(format!(
            "  {:<key_w$}scroll the pane under the pointer",
            "wheel"
        )));
        out.push(Line::raw(format!(
            "  {:<key_w$}put the cursor on a line / jump to a topic",
            "click"
        )));
    } else {
        out.push(Line::raw(
            "  off (mouse = false in the config): the terminal selects text".to_string(),
        ));
    }
    out.push(Line::default());
    if !state.info.is_empty() {
        out.push(Line::styled("Files".to_string(), theme.help_heading));
        for (k, v) in &state.info {
            let v = crate::transcript::clean::visible(v);
            out.push(Line::raw(format!("  {k:<10} {v}")));
        }
    }
    out
}

pub fn render(state: &AppState, area: Rect, buf: &mut Buffer) {
    let w = area.width.saturating_sub(4).min(78);
    let h = area.height.saturating_sub(2);
    if w < 10 || h < 3 {
        return;
    }
    let rect = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    super::split_wide_at(buf, rect);
    Clear.render(rect, buf);
    let all = lines(state);
    let inner_h = h.saturating_sub(2) as usize;
    let max_scroll = all.len().saturating_sub(inner_h);
    let scroll = state.help_scroll.min(max_scroll);
    let title = format!(
        " lector help — {}/{} · Esc closes ",
        scroll + 1,
        max_scroll + 1
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .title(title)
        .style(Style::default());
    Paragraph::new(all)
        .block(block)
        .scroll((scroll as u16, 0))
        .render(rect, buf);
}
