fn main() {
    #[cfg(target_family = "wasm")]
    flopcast_web::start();
}
