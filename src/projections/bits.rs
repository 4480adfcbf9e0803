//! A growable bitset over actor slots: the unit of the directory index.

/// A set of small integers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bits(Vec<u64>);

impl Bits {
    /// Adds `i`.
    pub fn set(&mut self, i: usize) {
        let word = i / 64;
        if word >= self.0.len() {
            self.0.resize(word + 1, 0);
        }
        self.0[word] |= 1 << (i % 64);
    }

    /// Removes `i`.
    pub fn clear(&mut self, i: usize) {
        if let Some(word) = self.0.get_mut(i / 64) {
            *word &= !(1 << (i % 64));
        }
    }

    /// Whether `i` is in the set.
    pub fn get(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    /// Keeps only what `other` holds too.
    pub fn and(&mut self, other: &Bits) {
        for (i, word) in self.0.iter_mut().enumerate() {
            *word &= other.0.get(i).copied().unwrap_or(0);
        }
    }

    /// Adds everything `other` holds.
    pub fn or(&mut self, other: &Bits) {
        if other.0.len() > self.0.len() {
            self.0.resize(other.0.len(), 0);
        }
        for (word, o) in self.0.iter_mut().zip(&other.0) {
            *word |= o;
        }
    }

    /// How many members.
    pub fn count(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// How many members both sets share.
    pub fn count_and(&self, other: &Bits) -> usize {
        self.0.iter().zip(&other.0).map(|(a, b)| (a & b).count_ones() as usize).sum()
    }

    /// The members, in increasing order.
    pub fn ones(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(i, word)| {
            let mut w = *word;
            std::iter::from_fn(move || {
                (w != 0).then(|| {
                    let bit = w.trailing_zeros() as usize;
                    w &= w - 1;
                    i * 64 + bit
                })
            })
        })
    }

    /// The union of several sets.
    pub fn union<'a>(sets: impl IntoIterator<Item = &'a Bits>) -> Bits {
        let mut out = Bits::default();
        for set in sets {
            out.or(set);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_combine_and_count() {
        let mut a = Bits::default();
        let mut b = Bits::default();
        for i in [1, 64, 130] {
            a.set(i);
        }
        for i in [64, 130, 200] {
            b.set(i);
        }
        assert_eq!(a.count_and(&b), 2);
        let mut both = a.clone();
        both.and(&b);
        assert!(both.get(64) && both.get(130) && !both.get(1) && !both.get(200));
        assert_eq!(Bits::union([&a, &b]).count(), 4);
        a.clear(64);
        assert!(!a.get(64) && a.count() == 2);
        assert_eq!(b.ones().collect::<Vec<_>>(), vec![64, 130, 200]);
    }
}
