// Embedded migrations live in the binary: rebuild when a migration changes.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
