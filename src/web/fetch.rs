//! `fetch()` of a URL into bytes, returning HTTP errors and network failures as separate errors.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::net::FetchError;

/// Time after which a fetch is aborted, in milliseconds; long enough for a 10 MB model over a
/// slow mobile connection.
const TIMEOUT_MS: i32 = 120_000;

pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, FetchError> {
    let window = web_sys::window().ok_or_else(|| FetchError::Unreachable("no window".to_owned()))?;

    // The timer aborts the request, and the flag separates a timeout from other failures.
    let controller = web_sys::AbortController::new().map_err(|error| FetchError::Unreachable(describe(&error)))?;
    let timed_out = std::rc::Rc::new(std::cell::Cell::new(false));
    let on_timeout = {
        let controller = controller.clone();
        let timed_out = timed_out.clone();
        wasm_bindgen::closure::Closure::once(move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let timer = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(on_timeout.as_ref().unchecked_ref(), TIMEOUT_MS)
        .unwrap_or(0);
    let result = fetch_with_signal(&window, url, &controller.signal()).await;
    window.clear_timeout_with_handle(timer);
    drop(on_timeout);
    match result {
        Err(_) if timed_out.get() => Err(FetchError::TimedOut),
        other => other,
    }
}

async fn fetch_with_signal(window: &web_sys::Window, url: &str, signal: &web_sys::AbortSignal) -> Result<Vec<u8>, FetchError> {
    let init = web_sys::RequestInit::new();
    init.set_signal(Some(signal));
    let response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|error| FetchError::Unreachable(describe(&error)))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| FetchError::Unreachable("fetch did not return a Response".to_owned()))?;
    if !response.ok() {
        return Err(FetchError::Status(response.status()));
    }
    let buffer = response.array_buffer().map_err(|error| FetchError::Unreachable(describe(&error)))?;
    let buffer = JsFuture::from(buffer).await.map_err(|error| FetchError::Unreachable(describe(&error)))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

fn describe(error: &wasm_bindgen::JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|error| String::from(error.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "network error".to_owned())
}
