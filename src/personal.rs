//! Keys for personal data, one per person, kept beside the log and never in
//! it (crypto-shredding). Contact persons' name, e-mail and phone are sealed
//! with XChaCha20-Poly1305 under their person's key; erasing a person
//! replaces the key with a tombstone, after which every stored copy of their
//! data — in every event, every backup of the log — is unreadable, while the
//! history around it stays intact.
//!
//! Durability: a new key is written to sled before the event sealed with it
//! is appended; the log's commit flushes the same sled database, so the key
//! is durable no later than the event that needs it. Erasure flushes at
//! once.

use std::collections::HashMap;
use std::sync::RwLock;

use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use uuid::Uuid;

use crate::events::PersonalData;
use crate::log::{Direction, EventFilter, EventLog, LogError, ReadFrom};
use crate::proto::events::v1::Sealed;

/// What a tombstone holds in place of an erased person's key.
const ERASED: &[u8] = b"erased";

/// The key store: `person_keys` beside the log, person id → key or
/// tombstone.
pub struct PersonKeys {
    tree: std::sync::Arc<dyn crate::log::SideStore>,
    /// Keys (or `None` for erased people) read so far.
    cache: RwLock<HashMap<Uuid, Option<Key>>>,
}

/// What erasing a person did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Erasure {
    /// The key existed and is gone now.
    Erased,
    /// The person had been erased before.
    AlreadyErased,
    /// No data of the person was ever stored; a tombstone now prevents any.
    NeverStored,
}

impl PersonKeys {
    /// The key store in `tree`.
    pub fn new(tree: std::sync::Arc<dyn crate::log::SideStore>) -> Self {
        Self { tree, cache: RwLock::new(HashMap::new()) }
    }

    fn load(&self, person: Uuid) -> Result<Option<Option<Key>>, String> {
        if let Some(hit) = self.cache.read().unwrap_or_else(|e| e.into_inner()).get(&person) {
            return Ok(Some(*hit));
        }
        let stored = self.tree.get(person.as_bytes()).map_err(|e| format!("key store: {e}"))?;
        let entry = match stored {
            None => return Ok(None),
            Some(bytes) if bytes == ERASED => None,
            Some(bytes) if bytes.len() == 32 => Some(*Key::from_slice(&bytes)),
            Some(_) => return Err(format!("the key of person {person} is damaged")),
        };
        self.cache.write().unwrap_or_else(|e| e.into_inner()).insert(person, entry);
        Ok(Some(entry))
    }

    /// The person's key, created if they have none; fails if they were
    /// erased.
    fn key(&self, person: Uuid) -> Result<Key, String> {
        match self.load(person)? {
            Some(Some(key)) => return Ok(key),
            Some(None) => {
                return Err(format!("person {person} was erased; their data cannot be stored again"));
            }
            None => {}
        }
        let fresh = XChaCha20Poly1305::generate_key(&mut OsRng);
        // Two appends may race to create the same person's key: the first wins.
        match self.tree.insert_new(person.as_bytes(), fresh.as_slice()) {
            Ok(None) => {
                self.cache.write().unwrap_or_else(|e| e.into_inner()).insert(person, Some(fresh));
                Ok(fresh)
            }
            Ok(Some(_)) => match self.load(person)? {
                Some(Some(key)) => Ok(key),
                _ => Err(format!("person {person} was erased; their data cannot be stored again")),
            },
            Err(e) => Err(format!("key store: {e}")),
        }
    }

    /// Erases a person: their key becomes a tombstone, durably.
    pub fn erase(&self, person: Uuid) -> Result<Erasure, LogError> {
        let before = self.tree.replace(person.as_bytes(), ERASED).map_err(LogError::Storage)?;
        self.cache.write().unwrap_or_else(|e| e.into_inner()).insert(person, None);
        Ok(match before {
            Some(old) if old == ERASED => Erasure::AlreadyErased,
            Some(_) => Erasure::Erased,
            None => Erasure::NeverStored,
        })
    }

    /// Whether a person was erased.
    pub fn is_erased(&self, person: Uuid) -> bool {
        matches!(self.load(person), Ok(Some(None)))
    }
}

/// Tombstones again the key of every person an `actor.contact_erased`
/// event names: a backup taken before an erasure and restored after it
/// still holds the key, and opening the directory must not bring the
/// person back. Returns how many keys were erased anew. Runs before the
/// read models are built, so nothing is ever decrypted with such a key.
pub async fn reapply_erasures(log: &dyn EventLog, keys: &PersonKeys) -> Result<usize, LogError> {
    const ERASED: &str = "actor.contact_erased";
    let filter = EventFilter { event_types: vec![ERASED.into()], ..EventFilter::all() };
    // Where the log indexes types, only the erasures are read.
    if let Some(positions) = log.positions_of_type(ERASED).await {
        let events = crate::audit::asof::fetch_where(log, positions, &filter).await?;
        return erase_again(&events, keys);
    }
    let mut from = 1;
    let mut erased = 0;
    loop {
        let page = log.read_all(ReadFrom::At(from), Direction::Forward, 4096, &filter).await?;
        erased += erase_again(&page.events, keys)?;
        from = page.last_examined + 1;
        if page.end_of_log || page.last_examined == 0 {
            return Ok(erased);
        }
    }
}

/// Tombstones again the key of every person these erasure events name that
/// has a key; how many had one.
fn erase_again(events: &[crate::log::RecordedEvent], keys: &PersonKeys) -> Result<usize, LogError> {
    let mut erased = 0;
    for event in events {
        let Ok(message) =
            <crate::proto::events::v1::ActorContactErased as prost::Message>::decode(event.payload.as_ref())
        else {
            continue; // `uzel check` reports it
        };
        let Ok(person) = Uuid::from_slice(&message.id) else { continue };
        if !keys.is_erased(person) {
            keys.erase(person)?;
            erased += 1;
        }
    }
    Ok(erased)
}

impl PersonalData for PersonKeys {
    fn seal(&self, person: Uuid, plaintext: &str) -> Result<Sealed, String> {
        let cipher = XChaCha20Poly1305::new(&self.key(person)?);
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let ciphertext =
            cipher.encrypt(&nonce, plaintext.as_bytes()).map_err(|_| "sealing personal data failed".to_owned())?;
        Ok(Sealed { nonce: nonce.to_vec().into(), ciphertext: ciphertext.into() })
    }

    fn open(&self, person: Uuid, sealed: &Sealed) -> Option<String> {
        let key = self.load(person).ok().flatten().flatten()?;
        if sealed.nonce.len() != 24 {
            return None;
        }
        let plain =
            XChaCha20Poly1305::new(&key).decrypt(XNonce::from_slice(&sealed.nonce), sealed.ciphertext.as_ref()).ok()?;
        String::from_utf8(plain).ok()
    }

    fn forget(&self, person: Uuid) {
        self.cache.write().unwrap_or_else(|e| e.into_inner()).remove(&person);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, PersonKeys) {
        let dir = tempfile::tempdir().unwrap();
        let db = sled::open(dir.path()).unwrap();
        (dir, PersonKeys::new(std::sync::Arc::new(crate::log::SledSide(db.open_tree("person_keys").unwrap()))))
    }

    #[test]
    fn sealed_data_opens_until_the_person_is_erased_and_never_again() {
        let (_dir, keys) = store();
        let jana = Uuid::from_u128(1);
        let sealed = keys.seal(jana, "Jana Vzorová").unwrap();
        assert!(!sealed.ciphertext.windows(4).any(|w| w == b"Jana"));
        assert_eq!(keys.open(jana, &sealed).as_deref(), Some("Jana Vzorová"));
        assert_eq!(keys.open(Uuid::from_u128(2), &sealed), None, "another person's key does not open it");
        assert_eq!(keys.erase(jana).unwrap(), Erasure::Erased);
        assert_eq!(keys.open(jana, &sealed), None);
        assert!(keys.seal(jana, "again").is_err(), "an erased person stays erased");
        assert_eq!(keys.erase(jana).unwrap(), Erasure::AlreadyErased);
        assert_eq!(keys.erase(Uuid::from_u128(3)).unwrap(), Erasure::NeverStored);
        assert!(keys.is_erased(Uuid::from_u128(3)));
    }

    #[test]
    fn an_erasure_by_another_process_holds_here_once_the_key_is_forgotten() {
        let (_dir, here) = store();
        let elsewhere = PersonKeys::new(here.tree.clone());
        let person = Uuid::from_u128(5);
        let sealed = here.seal(person, "Petr Vzor").unwrap();
        assert_eq!(here.open(person, &sealed).as_deref(), Some("Petr Vzor"), "the key is cached here now");
        assert_eq!(elsewhere.erase(person).unwrap(), Erasure::Erased);
        here.forget(person);
        assert_eq!(here.open(person, &sealed), None, "erased on the other node, erased here");
        assert!(here.is_erased(person));
    }

    #[test]
    fn a_fresh_store_over_the_same_tree_reads_the_same_keys() {
        let (_dir, keys) = store();
        let person = Uuid::from_u128(4);
        let sealed = keys.seal(person, "+420 777 000 111").unwrap();
        let reopened = PersonKeys::new(keys.tree.clone());
        assert_eq!(reopened.open(person, &sealed).as_deref(), Some("+420 777 000 111"));
    }
}
