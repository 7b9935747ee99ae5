//! The jump list: where jumps came from, for `Ctrl-o` (back) and `Ctrl-n` (forward).

/// Where jumps came from, like a browser's history.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JumpList {
    pub entries: Vec<usize>,
    /// Position in `entries`; `entries.len()` means "at the newest place, not in the list".
    pub index: usize,
}

impl JumpList {
    pub const MAX: usize = 100;

    /// Records a jump away from `from`. Forward history past the current position is dropped.
    pub fn push(&mut self, from: usize) {
        self.entries.truncate(self.index);
        if self.entries.last() != Some(&from) {
            self.entries.push(from);
        }
        if self.entries.len() > Self::MAX {
            self.entries.remove(0);
        }
        self.index = self.entries.len();
    }

    /// Goes back from `current`: the line to jump to.
    pub fn back(&mut self, current: usize) -> Option<usize> {
        if self.index == self.entries.len() {
            // Remember where we are, so that forward can return here.
            if self.entries.last() == Some(&current) {
                self.index -= 1;
            } else {
                self.entries.push(current);
            }
        }
        if self.index == 0 {
            return None;
        }
        self.index -= 1;
        self.entries.get(self.index).copied()
    }

    /// Goes forward again after `back`.
    pub fn forward(&mut self) -> Option<usize> {
        if self.index + 1 >= self.entries.len() {
            return None;
        }
        self.index += 1;
        self.entries.get(self.index).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::JumpList;

    #[test]
    fn back_and_forward_like_a_browser() {
        let mut j = JumpList::default();
        assert_eq!(j.back(5), None);
        j.push(10); // jumped 10 → 50
        j.push(50); // jumped 50 → 90
        assert_eq!(j.back(90), Some(50));
        assert_eq!(j.back(50), Some(10));
        assert_eq!(j.back(10), None);
        assert_eq!(j.forward(), Some(50));
        assert_eq!(j.forward(), Some(90));
        assert_eq!(j.forward(), None);
        // A new jump from the middle drops the forward history.
        assert_eq!(j.back(90), Some(50));
        j.push(50); // jumped 50 → 200
        assert_eq!(j.forward(), None);
        assert_eq!(j.back(200), Some(50));
        assert_eq!(j.back(50), Some(10));
    }
}
