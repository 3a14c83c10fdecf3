//! Crypto and wire-format tests, run natively (`cargo test`) and, unchanged, in headless
//! Chromium (`cargo test --target wasm32-unknown-unknown --test crypto`).

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::{wasm_bindgen_test as test, wasm_bindgen_test_configure};
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test_configure!(run_in_browser);

mod common;

#[test]
fn aes_vector_of_the_spec() {
    common::aes_vector_of_the_spec();
}
#[test]
fn aes_matches_openssl() {
    common::aes_matches_openssl();
}
#[test]
fn public_key_formats() {
    common::public_key_formats();
}
#[test]
fn client_header_is_the_spec_example() {
    common::client_header_is_the_spec_example();
}
#[test]
fn rsa_round_trips_512_and_1024() {
    common::rsa_round_trips();
}
#[test]
fn sdk_chunking_decrypts() {
    common::sdk_chunking_decrypts();
}
#[test]
fn tampered_headers_fail_cleanly() {
    common::tampered_headers_fail_cleanly();
}
#[test]
fn header_json_follows_go_rules() {
    common::header_json_follows_go_rules();
}
#[test]
fn go_int_parsing() {
    common::go_int_parsing();
}
#[test]
fn agent_body_decryption_matches_go() {
    common::agent_body_decryption_matches_go();
}
#[test]
fn strict_client_decryption() {
    common::strict_client_decryption();
}
#[test]
fn envelopes_decode() {
    common::envelopes_decode();
}
#[test]
fn platform_randomness() {
    common::platform_randomness();
}
#[test]
fn sealed_requests_open() {
    common::sealed_requests_open();
}
