//! Black-box tests of the HTTP API: a real server on port 0 over a temporary
//! data directory, driven by a real HTTP client.

pub mod access;
mod actors;
mod board;
mod contract;
mod demo;
mod directory;
mod helpers;
mod more;
mod networks;
mod openapi;
mod platforms;
mod restart;
