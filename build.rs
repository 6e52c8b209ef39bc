// Embedded migrations and translations live in the binary: rebuild when one changes
// (a new `.ftl` file too, which `include_str!` alone would not notice).
fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=locales");
}
