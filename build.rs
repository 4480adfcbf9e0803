//! Compiles `proto/` into Rust with prost, using protox as the protobuf
//! compiler so that no `protoc` binary is needed on any machine.

use std::error::Error;

const PROTOS: &[&str] = &[
    "uzel/log/v1/envelope.proto",
    "uzel/events/v1/common.proto",
    "uzel/events/v1/region.proto",
    "uzel/events/v1/network.proto",
    "uzel/events/v1/actor.proto",
    "uzel/events/v1/needs.proto",
    "uzel/events/v1/platform.proto",
    "uzel/events/v1/user.proto",
    "uzel/events/v1/post.proto",
    "uzel/events/v1/plan.proto",
    "uzel/events/v1/finding.proto",
    "uzel/events/v1/procedure.proto",
    "board.proto",
];

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo:rerun-if-changed=proto");
    let descriptors = protox::compile(PROTOS, ["proto"])?;
    prost_build::Config::new().bytes(["."]).compile_fds(descriptors)?;
    Ok(())
}
