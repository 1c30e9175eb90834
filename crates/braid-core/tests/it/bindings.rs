//! The committed TypeScript bindings must match the Rust types.

#[test]
fn bindings_are_up_to_date() {
    expect_test::expect_file!["../../../../ui/src/lib/bindings.ts"].assert_eq(&braid_core::typescript());
}
