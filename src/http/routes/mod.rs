//! Route families, one file each.

pub mod actors;
pub mod health;
pub mod needs;
pub mod networks;
pub mod platforms;
pub mod regions;
