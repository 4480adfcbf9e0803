//! Stores beside the log: keys and values the log does not hold as events
//! — password hashes, sessions, the personal-data keys, idempotent answers.
//! Each backend keeps them where it keeps the log (sled trees in the data
//! directory; a table in the database), so several nodes on one database
//! share them.

/// A key and its value.
pub type Entry = (Vec<u8>, Vec<u8>);

/// One named store beside the log. Writes named durable have reached the
/// disk (or the database's commit) when they return.
#[async_trait::async_trait]
pub trait SideStore: Send + Sync + std::fmt::Debug {
    /// The value of `key`.
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, String>;

    /// The value of `key`, without blocking the caller's thread (a store
    /// in a database answers over the network).
    async fn fetch(&self, key: &[u8]) -> Result<Option<Vec<u8>>, String> {
        self.get(key)
    }

    /// Stores `value` under `key` unless the key has a value; returns that
    /// value if it had one (nothing was written), `None` if it was stored.
    /// Durable with the log's next commit at the latest.
    fn insert_new(&self, key: &[u8], value: &[u8]) -> Result<Option<Vec<u8>>, String>;

    /// Stores `value` under `key`, durably, blocking the caller until it is;
    /// returns the value it replaced.
    fn replace(&self, key: &[u8], value: &[u8]) -> Result<Option<Vec<u8>>, String>;

    /// Sets `key` to `new` (removes it if `None`) if its value is `old`
    /// (`None`: it has none), durably, blocking the caller until it is;
    /// whether it was — false if another writer changed it first.
    fn compare_and_swap(&self, key: &[u8], old: Option<&[u8]>, new: Option<&[u8]>) -> Result<bool, String>;

    /// Stores `value` under `key`, durably.
    async fn put(&self, key: &[u8], value: &[u8]) -> Result<(), String>;

    /// Removes `key`, durably.
    async fn delete(&self, key: &[u8]) -> Result<(), String>;

    /// Removes `key` (durable with a later write; for sweeping what has
    /// expired anyway).
    fn remove(&self, key: &[u8]) -> Result<(), String>;

    /// Every entry, in key order.
    fn entries(&self) -> Result<Vec<Entry>, String>;

    /// How many entries it holds.
    fn len(&self) -> usize;

    /// Whether it holds none.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
