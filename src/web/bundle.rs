//! The bundled evidence as the UI reads it. In the browser the embedded JSON is parsed by
//! the browser's own `JSON.parse` and converted with serde-wasm-bindgen, which keeps
//! serde_json's parser out of the WASM (14 KB gzip measured); natively it is
//! `data::evidence` (serde_json). Validation is the same pure code either way.

use crate::domain::data::{Evidence, LoadError};

/// The bundled evidence, parsed and validated once.
pub fn evidence() -> Result<&'static Evidence, &'static LoadError> {
    #[cfg(target_arch = "wasm32")]
    {
        use crate::domain::data::{ABBREVIATIONS_JSON, REFERENCES_JSON, STUDIES_JSON};
        use std::sync::OnceLock;
        static EVIDENCE: OnceLock<Result<Evidence, LoadError>> = OnceLock::new();
        EVIDENCE
            .get_or_init(|| {
                let evidence = Evidence::from_parts(
                    from_json(STUDIES_JSON, "studies.json")?,
                    from_json(REFERENCES_JSON, "references.json")?,
                    from_json(ABBREVIATIONS_JSON, "abbreviations.json")?,
                )?;
                if cfg!(feature = "synthetic-10k") {
                    return Ok(crate::domain::synthetic::synthetic_evidence(
                        &evidence, 10_000, 1,
                    ));
                }
                Ok(evidence)
            })
            .as_ref()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        crate::domain::data::evidence()
    }
}

#[cfg(target_arch = "wasm32")]
fn from_json<T: serde::de::DeserializeOwned>(
    text: &str,
    file: &'static str,
) -> Result<T, LoadError> {
    let error = |message: String| LoadError::Parse { file, message };
    let value = js_sys::JSON::parse(text)
        .map_err(|e| error(e.as_string().unwrap_or_else(|| format!("{e:?}"))))?;
    serde_wasm_bindgen::from_value(value).map_err(|e| error(e.to_string()))
}
