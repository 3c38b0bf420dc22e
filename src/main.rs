//! Starts the hall: `expo-hall [MANIFEST] [--lang zh|en] [--booth ID]` natively, or in the browser
//! page built by trunk from `web/index.html`.

fn main() {
    expo_hall::run();
}
