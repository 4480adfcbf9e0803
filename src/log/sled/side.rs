//! Stores beside the log as sled trees in the same database: their writes
//! become durable with the log's next commit, or at once with a flush.

use crate::log::side::SideStore;

/// A sled tree as a [`SideStore`].
#[derive(Clone, Debug)]
pub struct SledSide(pub sled::Tree);

fn text(e: sled::Error) -> String {
    e.to_string()
}

#[async_trait::async_trait]
impl SideStore for SledSide {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, String> {
        Ok(self.0.get(key).map_err(text)?.map(|v| v.to_vec()))
    }

    fn insert_new(&self, key: &[u8], value: &[u8]) -> Result<Option<Vec<u8>>, String> {
        match self.0.compare_and_swap(key, None as Option<&[u8]>, Some(value)).map_err(text)? {
            Ok(()) => Ok(None),
            Err(held) => Ok(held.current.map(|v| v.to_vec())),
        }
    }

    fn replace(&self, key: &[u8], value: &[u8]) -> Result<Option<Vec<u8>>, String> {
        let before = self.0.insert(key, value).map_err(text)?;
        self.0.flush().map_err(text)?;
        Ok(before.map(|v| v.to_vec()))
    }

    fn compare_and_swap(&self, key: &[u8], old: Option<&[u8]>, new: Option<&[u8]>) -> Result<bool, String> {
        let swapped = self.0.compare_and_swap(key, old, new).map_err(text)?.is_ok();
        if swapped {
            self.0.flush().map_err(text)?;
        }
        Ok(swapped)
    }

    async fn put(&self, key: &[u8], value: &[u8]) -> Result<(), String> {
        self.0.insert(key, value).map_err(text)?;
        self.0.flush_async().await.map_err(text)?;
        Ok(())
    }

    async fn delete(&self, key: &[u8]) -> Result<(), String> {
        self.0.remove(key).map_err(text)?;
        self.0.flush_async().await.map_err(text)?;
        Ok(())
    }

    fn remove(&self, key: &[u8]) -> Result<(), String> {
        self.0.remove(key).map_err(text)?;
        Ok(())
    }

    fn entries(&self) -> Result<Vec<crate::log::side::Entry>, String> {
        self.0.iter().map(|e| e.map(|(k, v)| (k.to_vec(), v.to_vec())).map_err(text)).collect()
    }

    fn len(&self) -> usize {
        self.0.len()
    }
}
