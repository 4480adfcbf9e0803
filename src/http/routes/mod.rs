//! Route families, one file each.

pub mod actors;
pub mod capacity;
pub mod health;
pub mod needs;
pub mod networks;
pub mod people;
pub mod platforms;
pub mod regions;
