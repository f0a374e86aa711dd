fn main() {
    flopcast_web::start();
}
