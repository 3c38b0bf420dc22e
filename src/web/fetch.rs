//! `fetch()` of a URL into bytes, returning HTTP errors and network failures as separate errors.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::net::FetchError;

pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, FetchError> {
    let window = web_sys::window().ok_or_else(|| FetchError::Unreachable("no window".to_owned()))?;
    let response = JsFuture::from(window.fetch_with_str(url))
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
