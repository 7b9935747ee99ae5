//! The viewport: the cursor, the scroll position, the terminal size, and the geometry derived
//! from them — the layout (computed once per resize or option change) and the rows each line
//! takes at the text width (cached per width for long lines).

use super::{AppState, Focus, JumpList};
use crate::options::Side;
use crate::transcript::paragraphs::{Joined, Paragraphs};
use crate::wrap;
use ratatui::layout::Rect;
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

/// Below this size the screen shows a one-line notice instead of the panes.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 4;
/// The outline pane is shown only when the terminal is at least this wide.
pub const OUTLINE_MIN_TERMINAL_WIDTH: u16 = 60;

/// A position in the wrapped text: a block (a line, or a paragraph in the paragraph view) and a
/// row within it.
pub type RowPos = (usize, usize);

/// The text of a block and where its lines start in it.
pub enum BlockText<'a> {
    /// A line (the line view).
    Line(&'a str),
    /// A paragraph's joined lines.
    Paragraph(Joined),
}

impl BlockText<'_> {
    pub fn text(&self) -> &str {
        match self {
            BlockText::Line(s) => s,
            BlockText::Paragraph(j) => &j.text,
        }
    }
}

/// Where the reader is: the cursor line and the first row on screen. A copy, to come back to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ViewPos {
    pub cursor: usize,
    pub top: usize,
    pub top_row: usize,
}

/// What stays in place when the text's width changes.
#[derive(Debug, Clone, Copy)]
enum Anchor {
    /// The cursor line's first row, on this row of the screen.
    Cursor { row: usize },
    /// This byte of the top block's text, on the top row.
    Top { byte: usize },
}

/// Where each part of the screen goes, derived from the terminal size and the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Layout {
    /// The whole outline pane, including its header row and its border.
    pub outline: Option<Rect>,
    /// The outline's list of topics (below the header, beside the border).
    pub outline_list: Option<Rect>,
    /// Line numbers and times.
    pub gutter: Rect,
    /// The transcript text.
    pub text: Rect,
    pub status: Rect,
    /// The bookmarks list's frame and the rows inside it.
    pub list: Rect,
    pub list_rows: usize,
    /// The help's frame and the rows inside it.
    pub help: Rect,
    pub help_rows: usize,
    /// Width of the line-number column (0 when there is no room) and of the time column.
    pub number_width: u16,
    pub time_width: u16,
    pub too_small: bool,
}

/// The rows of long lines (and of paragraphs) at one width: wrapping a line of megabytes is not
/// done twice, and a frame in the middle of such a line wraps only from the nearest kept row
/// start.
#[derive(Debug, Clone, Default)]
struct RowCache {
    width: usize,
    paragraphs: bool,
    rows: HashMap<usize, LongRows>,
}

/// A long block's row count and, in the line view, the byte where every
/// [`RowCache::STEP`]th row starts (row 0 first).
#[derive(Debug, Clone, Default)]
struct LongRows {
    count: usize,
    starts: Vec<usize>,
}

impl RowCache {
    /// Lines at least this long (bytes) are cached; shorter ones are wrapped again, which costs
    /// less than the look-up.
    const LONG: usize = 512;
    /// The cache is emptied when it holds this many lines.
    const MAX: usize = 65_536;
    /// A row start is kept every this many rows: a frame wraps at most this many rows it does
    /// not show (a few microseconds), and a 10 MB line keeps ~2,000 offsets.
    const STEP: usize = 64;
}

#[derive(Debug, Clone)]
pub struct Viewport {
    /// The cursor line.
    pub cursor: usize,
    /// The first line on screen and how many of its rows are scrolled off the top.
    pub top: usize,
    pub top_row: usize,
    /// Terminal size in cells (columns, rows), from the last resize.
    pub size: (u16, u16),
    /// With wrapping off: how many cells the text is scrolled to the left.
    pub left: usize,
    /// The outline pane is wanted (it is also hidden in a narrow terminal).
    pub show_outline: bool,
    /// Which pane the keys go to.
    pub focus: Focus,
    /// Where jumps came from, for `Ctrl-o` and `Ctrl-n`.
    pub jumps: JumpList,
    /// The paragraph view: the paragraphs the lines are joined into (`None`: a line a block).
    pub paragraphs: Option<Arc<Paragraphs>>,
    layout: Layout,
    rows: RefCell<RowCache>,
}

impl Default for Viewport {
    fn default() -> Self {
        Viewport {
            cursor: 0,
            top: 0,
            top_row: 0,
            size: (80, 24),
            left: 0,
            show_outline: true,
            focus: Focus::Transcript,
            jumps: JumpList::default(),
            paragraphs: None,
            layout: Layout::default(),
            rows: RefCell::default(),
        }
    }
}

impl Viewport {
    /// The view as it is now.
    pub fn pos(&self) -> ViewPos {
        ViewPos {
            cursor: self.cursor,
            top: self.top,
            top_row: self.top_row,
        }
    }

    pub fn set_pos(&mut self, v: ViewPos) {
        self.cursor = v.cursor;
        self.top = v.top;
        self.top_row = v.top_row;
    }

    /// The layout for the current size (see [`AppState::relayout`]).
    pub fn layout(&self) -> &Layout {
        &self.layout
    }
}

impl AppState {
    /// Computes the layout again: after a resize, or when the outline pane, its titles, or an
    /// option that changes the panes changed.
    ///
    /// When the text's width changes with it (the outline arrives and its pane takes room, the
    /// gutter widens for the line count) the view stays where the reader was: the cursor line's
    /// first row stays on the screen row it was on, or, when that row is not on screen (the
    /// cursor is in a line taller than the screen), the text at the top of the screen stays at
    /// the top.
    pub fn relayout(&mut self) {
        let was = {
            let cache = self.view.rows.borrow();
            (cache.width, cache.paragraphs)
        };
        let same_blocks = was.1 == self.view.paragraphs.is_some();
        let old_width = self.wrap_width();
        let anchor = (same_blocks && was.0 == old_width && old_width > 0).then(|| self.anchor());
        self.view.layout = self.layout_for(self.view.size);
        self.check_row_cache();
        if let Some(anchor) = anchor
            && self.wrap_width() != old_width
        {
            self.restore(anchor);
        }
    }

    /// Where the view is, in terms that do not depend on the width (see [`Self::relayout`]).
    fn anchor(&self) -> Anchor {
        let top = (self.view.top, self.view.top_row);
        let start = self.line_start(self.view.cursor);
        let (_, h) = self.text_size();
        if start >= top && start <= self.bottom_pos() {
            let row = self.rows_between(top, start);
            if row < h {
                return Anchor::Cursor { row };
            }
        }
        Anchor::Top {
            byte: self.top_byte(),
        }
    }

    /// Puts the view back at `anchor` after the width changed.
    fn restore(&mut self, anchor: Anchor) {
        let (top, row) = match anchor {
            Anchor::Cursor { row } => self.retreat(self.line_start(self.view.cursor), row),
            Anchor::Top { byte } => (self.view.top, self.row_of_offset(self.view.top, byte)),
        };
        let (top, row) = (top, row).min(self.max_top());
        self.view.top = top;
        self.view.top_row = row;
    }

    /// How far into a document of one line the screen is, by the line's bytes: 0 at its start,
    /// 100 once its end is on screen (a line of 10 MB is many screens tall).
    pub(super) fn percent_in_line(&self) -> usize {
        let (_, h) = self.text_size();
        let b = self.view.top;
        if self.view.top_row + h >= self.rows(b) {
            return 100;
        }
        let len = self.block_text(b).text().len().max(1);
        // Rounded, but 100 only once the end is on screen.
        ((self.top_byte() * 100 + len / 2) / len).min(99)
    }

    /// The first byte (in its block's text) of the top row on screen.
    pub(super) fn top_byte(&self) -> usize {
        let (b, r) = (self.view.top, self.view.top_row);
        let width = self.wrap_width();
        if r == 0 || width == 0 {
            return 0;
        }
        let text = self.block_text(b);
        let (mut i, from) = self.row_start_before(b, r);
        let mut at = from;
        wrap::rows_from(text.text(), width, from, |row| {
            at = row.start;
            i += 1;
            i <= r
        });
        at
    }

    /// The row of block `b` that holds byte `offset` of its text, wrapping from the nearest
    /// kept row start in the line view.
    pub fn row_of_offset(&self, b: usize, offset: usize) -> usize {
        let width = self.wrap_width();
        if width == 0 || offset == 0 {
            return 0;
        }
        let text = self.block_text(b);
        let (first, from) = if self.view.paragraphs.is_none() && text.text().len() >= RowCache::LONG
        {
            self.rows(b);
            let cache = self.view.rows.borrow();
            cache.rows.get(&b).map_or((0, 0), |long| {
                let i = long.starts.partition_point(|&s| s <= offset).max(1) - 1;
                (i * RowCache::STEP, long.starts.get(i).copied().unwrap_or(0))
            })
        } else {
            (0, 0)
        };
        first + wrap::row_containing(text.text(), width, from, offset).0
    }

    /// Empties the row cache when the width or the kind of block changed.
    fn check_row_cache(&self) {
        let width = self.wrap_width();
        let paragraphs = self.view.paragraphs.is_some();
        let mut cache = self.view.rows.borrow_mut();
        if cache.width != width || cache.paragraphs != paragraphs {
            cache.width = width;
            cache.paragraphs = paragraphs;
            cache.rows.clear();
        }
    }

    /// The layout as it is now.
    pub fn layout(&self) -> Layout {
        self.view.layout
    }

    /// Whether the outline pane is on screen (wanted and the terminal wide enough).
    pub fn outline_visible(&self) -> bool {
        self.outline_visible_at(self.view.size.0)
    }

    fn outline_visible_at(&self, width: u16) -> bool {
        self.view.show_outline && width >= OUTLINE_MIN_TERMINAL_WIDTH
    }

    /// The layout of a screen of `size` cells (columns, rows). The view draws with the size of
    /// the frame it draws, which may be newer than the last resize `update` saw.
    pub fn layout_for(&self, size: (u16, u16)) -> Layout {
        let (w, h) = size;
        let options = &self.settings.options;
        let too_small = w < MIN_WIDTH || h < MIN_HEIGHT;
        let main_h = h.saturating_sub(1);
        let status = Rect::new(0, main_h, w, h.min(1));
        let right = options.outline_side == Side::Right;
        let (outline, outline_list, tx) = if self.outline_visible_at(w) && !too_small {
            let ow = options.outline_pane_width(self.outline.title_width, w);
            // On the right, the pane's border is its first column.
            let (px, lx) = if right { (w - ow, w - ow + 1) } else { (0, 0) };
            let pane = Rect::new(px, 0, ow, main_h);
            let list = Rect::new(lx, 1, ow.saturating_sub(1), main_h.saturating_sub(1));
            (Some(pane), Some(list), ow)
        } else {
            (None, None, 0)
        };
        let tw = w - tx;
        // Where the transcript pane starts: after the outline, or at the left edge.
        let tx = if right { 0 } else { tx };
        let digits = crate::text::digits(self.doc.len()) as u16;
        let mut time_width = if options.times {
            crate::text::time_width(self.doc.duration())
        } else {
            0
        };
        let mut number_width = if options.line_numbers { digits } else { 0 };
        // Keep at least 12 cells of text: drop the time column first, then the numbers.
        // One column of marks (bookmark `*`, highlight colour) comes first.
        let gutter_w = |n: u16, t: u16| {
            let mut g = 1;
            if n > 0 {
                g += n + 1;
            }
            if t > 0 {
                g += t + 1;
            }
            g
        };
        if tw < gutter_w(number_width, time_width) + 12 {
            time_width = 0;
        }
        if tw < gutter_w(number_width, time_width) + 12 {
            number_width = 0;
        }
        let gw = gutter_w(number_width, time_width).min(tw);
        // The text is at most `text_width` cells wide; the rest of the pane stays empty.
        let text_w = match options.text_width {
            0 => tw - gw,
            n => (tw - gw).min(n),
        };
        // The bookmarks list: centred, up to 120 cells wide, a row below the top; on a screen
        // under 8 rows, all of its height (an overlay too small to draw would take keys unseen).
        let lw = w.saturating_sub(2).min(120);
        let lh = if h < 8 { h } else { h - 2 };
        let list = Rect::new((w - lw) / 2, u16::from(h >= 8), lw, lh);
        // The help: centred, up to 78 cells wide; the whole height under 8 rows.
        let hw = w.saturating_sub(4).min(78);
        let hh = if h < 8 { h } else { h - 2 };
        let help = Rect::new((w - hw) / 2, (h - hh) / 2, hw, hh);
        Layout {
            outline,
            outline_list,
            gutter: Rect::new(tx, 0, gw, main_h),
            text: Rect::new(tx + gw, 0, text_w, main_h),
            status,
            list,
            list_rows: lh.saturating_sub(2) as usize,
            help,
            help_rows: hh.saturating_sub(2) as usize,
            number_width,
            time_width,
            too_small,
        }
    }

    /// Width and height of the transcript text area.
    pub fn text_size(&self) -> (usize, usize) {
        let t = self.view.layout.text;
        (t.width as usize, t.height as usize)
    }

    /// The width lines wrap at (0: wrapping is off, one row a line).
    fn wrap_width(&self) -> usize {
        if self.settings.options.wrap {
            self.text_size().0.max(1)
        } else {
            0
        }
    }

    /// How many blocks there are: lines, or paragraphs in the paragraph view.
    pub fn blocks(&self) -> usize {
        self.view
            .paragraphs
            .as_ref()
            .map_or(self.doc.len(), |p| p.len())
    }

    /// The block that holds `line`.
    pub fn block_of(&self, line: usize) -> usize {
        self.view
            .paragraphs
            .as_ref()
            .map_or(line, |p| p.of_line(line))
    }

    /// The lines of block `b`.
    pub fn block_lines(&self, b: usize) -> Range<usize> {
        match &self.view.paragraphs {
            Some(p) => p.range(b),
            None => b..b + 1,
        }
    }

    /// The text of block `b`.
    pub fn block_text(&self, b: usize) -> BlockText<'_> {
        match &self.view.paragraphs {
            Some(p) => BlockText::Paragraph(Joined::new(&self.doc, p.range(b))),
            None => BlockText::Line(self.doc.line(b)),
        }
    }

    /// The byte range of `line` in the text of its block.
    pub fn line_in_block(&self, line: usize, text: &BlockText<'_>) -> Range<usize> {
        match text {
            BlockText::Line(s) => 0..s.len(),
            BlockText::Paragraph(j) => {
                let first = self.block_lines(self.block_of(line)).start;
                j.line(line - first)
            }
        }
    }

    /// The rows of block `b`'s text, as byte ranges (one row a block when wrapping is off).
    pub fn block_rows(&self, text: &str) -> Vec<Range<usize>> {
        match self.wrap_width() {
            0 => std::iter::once(0..text.len()).collect(),
            w => wrap::wrap(text, w),
        }
    }

    /// Rows block `b` takes at the current width (one when wrapping is off).
    pub fn rows(&self, b: usize) -> usize {
        let width = self.wrap_width();
        if width == 0 {
            return 1;
        }
        let paragraphs = self.view.paragraphs.is_some();
        if !paragraphs {
            let line = self.doc.line(b);
            if line.len() < RowCache::LONG {
                return wrap::row_count(line, width);
            }
        }
        self.check_row_cache();
        if let Some(r) = self.view.rows.borrow().rows.get(&b) {
            return r.count;
        }
        let long = if paragraphs {
            LongRows {
                count: wrap::row_count(self.block_text(b).text(), width),
                starts: Vec::new(),
            }
        } else {
            let mut long = LongRows::default();
            wrap::for_each_row(self.doc.line(b), width, |r| {
                if long.count % RowCache::STEP == 0 {
                    long.starts.push(r.start);
                }
                long.count += 1;
                true
            });
            long
        };
        let n = long.count;
        let mut cache = self.view.rows.borrow_mut();
        if cache.rows.len() >= RowCache::MAX {
            cache.rows.clear();
        }
        cache.rows.insert(b, long);
        n
    }

    /// In the line view with wrapping on, a row of line `b` at or before `row` where wrapping
    /// can start ([`wrap::rows_from`]): its index and its first byte. (0, 0) for short lines,
    /// paragraphs and unwrapped text.
    pub fn row_start_before(&self, b: usize, row: usize) -> (usize, usize) {
        // Below the first kept start there is nothing to gain: no need to wrap the whole line.
        if row < RowCache::STEP
            || self.wrap_width() == 0
            || self.view.paragraphs.is_some()
            || self.doc.line(b).len() < RowCache::LONG
        {
            return (0, 0);
        }
        self.rows(b);
        let cache = self.view.rows.borrow();
        let Some(long) = cache.rows.get(&b) else {
            return (0, 0);
        };
        let i = (row / RowCache::STEP).min(long.starts.len().saturating_sub(1));
        long.starts
            .get(i)
            .map_or((0, 0), |&s| (i * RowCache::STEP, s))
    }

    /// The first and last rows of `line`.
    pub fn line_span(&self, line: usize) -> (RowPos, RowPos) {
        let b = self.block_of(line);
        if self.view.paragraphs.is_none() {
            return ((b, 0), (b, self.rows(b) - 1));
        }
        let text = self.block_text(b);
        let range = self.line_in_block(line, &text);
        let rows = self.block_rows(text.text());
        let first = rows
            .iter()
            .position(|r| r.end > range.start)
            .unwrap_or(rows.len() - 1);
        let last_byte = range.end.max(range.start + 1) - 1;
        let last = rows
            .iter()
            .position(|r| r.end > last_byte)
            .unwrap_or(rows.len() - 1)
            .max(first);
        ((b, first), (b, last))
    }

    /// The row where `line` starts.
    pub fn line_start(&self, line: usize) -> RowPos {
        self.line_span(line).0
    }

    /// The line at the start of row `pos` (in a paragraph, the line its first character is of).
    pub fn line_at(&self, pos: RowPos) -> usize {
        self.line_at_col(pos, 0)
    }

    /// The line under cell `col` of row `pos` (a click).
    pub fn line_at_col(&self, pos: RowPos, col: usize) -> usize {
        let Some(p) = &self.view.paragraphs else {
            return pos.0;
        };
        let text = self.block_text(pos.0);
        let BlockText::Paragraph(joined) = &text else {
            return pos.0;
        };
        let rows = self.block_rows(&joined.text);
        let Some(row) = rows.get(pos.1) else {
            return p.range(pos.0).start;
        };
        let row_text = &joined.text[row.clone()];
        let offset = row.start + crate::text::truncate(row_text, col).len();
        p.range(pos.0).start + joined.line_at(offset.min(row.end.saturating_sub(1).max(row.start)))
    }

    /// The position `n` rows after `pos`, stopping at the last row of the document.
    pub fn advance(&self, pos: RowPos, n: usize) -> RowPos {
        let (mut line, mut row) = (pos.0, pos.1 + n);
        loop {
            let h = self.rows(line);
            if row < h {
                return (line, row);
            }
            if line + 1 >= self.blocks() {
                return (line, h - 1);
            }
            row -= h;
            line += 1;
        }
    }

    /// The position `n` rows before `pos`, stopping at the first row.
    pub fn retreat(&self, pos: RowPos, n: usize) -> RowPos {
        let (mut line, mut row) = (pos.0, pos.1 as isize - n as isize);
        while row < 0 {
            if line == 0 {
                return (0, 0);
            }
            line -= 1;
            row += self.rows(line) as isize;
        }
        (line, row as usize)
    }

    /// The last row of the document.
    pub fn end_pos(&self) -> RowPos {
        let last = self.blocks() - 1;
        (last, self.rows(last) - 1)
    }

    /// The furthest the view may scroll: the last row sits on the bottom row of the screen.
    pub fn max_top(&self) -> RowPos {
        let (_, h) = self.text_size();
        self.retreat(self.end_pos(), h.saturating_sub(1))
    }

    /// The last row on screen.
    pub fn bottom_pos(&self) -> RowPos {
        let (_, h) = self.text_size();
        self.advance((self.view.top, self.view.top_row), h.saturating_sub(1))
    }

    /// The row shown on screen row `row` of the text area (None below the end).
    pub fn pos_at_row(&self, row: usize) -> Option<RowPos> {
        let start = (self.view.top, self.view.top_row);
        let pos = self.advance(start, row);
        // advance stops at the end: anything past it is blank.
        if pos == self.end_pos() && self.rows_between(start, pos) < row {
            return None;
        }
        Some(pos)
    }

    /// The line shown on screen row `row` of the text area (None below the end).
    pub fn line_at_row(&self, row: usize) -> Option<usize> {
        self.pos_at_row(row).map(|p| self.line_at(p))
    }

    /// Rows from `a` to `b` (b after a), counting at most a screenful.
    fn rows_between(&self, a: RowPos, b: RowPos) -> usize {
        if a.0 == b.0 {
            return b.1.saturating_sub(a.1);
        }
        let mut n = self.rows(a.0) - a.1;
        for l in a.0 + 1..b.0 {
            n += self.rows(l);
        }
        n + b.1
    }

    /// Rows available to the outline's topic list.
    pub fn outline_list_height(&self) -> usize {
        self.view
            .layout
            .outline_list
            .map_or(0, |r| r.height as usize)
    }
}
