//! Entry point: install the panic banner, then mount the app. Nothing else lives here.

fn main() {
    msc_hsct::start();
}
