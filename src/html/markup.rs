//! Markup as a type. [`Html`] can only be made by [`html!`](crate::html!) (a template
//! literal whose every argument is escaped by its type), by [`Html::text`], or through
//! the one named escape hatch [`Html::trusted`], so data cannot reach the DOM unescaped
//! by construction. URLs in `href` are an [`Href`], which admits in-app relative links
//! and `https:` only, and templates cannot interpolate into `href=`/`src=` at all.
//!
//! Measured against maud (a maintained crate with the same guarantee): maud's templates
//! are a different syntax, so adopting it means rewriting every page's markup by hand;
//! this type keeps the existing format-style templates and adds nothing to the WASM
//! beyond the escaping the app already did (see docs/ARCHITECTURE.md for the figures).

use std::fmt::{self, Write};

/// Markup whose text and attribute values are escaped. The field is private: there is no
/// way to wrap an arbitrary `String` except [`Html::trusted`].
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Html(String);

impl Html {
    /// No markup.
    pub const fn new() -> Html {
        Html(String::new())
    }

    /// Text, escaped for element content and attribute values.
    pub fn text(text: &str) -> Html {
        let mut html = Html::new();
        html.push(text);
        html
    }

    /// The escape hatch: markup that is not escaped. Only for a few named, reviewed
    /// sources (a static template, an SVG serialised by the browser from markup this type
    /// made); every use is listed in docs/ARCHITECTURE.md and found by
    /// `grep -rn 'Html::trusted'`.
    pub fn trusted(markup: impl Into<String>) -> Html {
        Html(markup.into())
    }

    /// Appends `part`, escaped by its type (text is escaped, markup is kept).
    pub fn push(&mut self, part: impl Render) {
        // Writing into a String cannot fail.
        let _ = write!(self.0, "{}", Escaped(&part));
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Used by [`html!`](crate::html!) only: the template literal was checked at compile
    /// time and every argument went through [`Escaped`].
    #[doc(hidden)]
    pub fn from_checked_template(markup: String) -> Html {
        Html(markup)
    }
}

impl std::ops::Deref for Html {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

/// Markup printed as it is (for tests and text; the DOM takes only [`Html`]).
impl fmt::Display for Html {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Html {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromIterator<Html> for Html {
    fn from_iter<I: IntoIterator<Item = Html>>(parts: I) -> Html {
        let mut html = Html::new();
        for part in parts {
            html.0.push_str(&part.0);
        }
        html
    }
}

impl Extend<Html> for Html {
    fn extend<I: IntoIterator<Item = Html>>(&mut self, parts: I) {
        for part in parts {
            self.0.push_str(&part.0);
        }
    }
}

/// How a value is written into markup: text is escaped, [`Html`] is kept, numbers are
/// written as they are (their formatting flags apply), `None` writes nothing.
pub trait Render {
    fn render(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
}

impl Render for str {
    fn render(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self;
        while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
            f.write_str(&rest[..at])?;
            f.write_str(match rest.as_bytes()[at] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                _ => "&#39;",
            })?;
            rest = &rest[at + 1..];
        }
        f.write_str(rest)
    }
}

impl Render for String {
    fn render(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_str().render(f)
    }
}

impl Render for char {
    fn render(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.encode_utf8(&mut [0; 4]).render(f)
    }
}

impl Render for Html {
    fn render(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<T: Render + ?Sized> Render for &T {
    fn render(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).render(f)
    }
}

impl<T: Render> Render for Option<T> {
    fn render(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Some(value) => value.render(f),
            None => Ok(()),
        }
    }
}

macro_rules! render_as_display {
    ($($t:ty),*) => {$(
        impl Render for $t {
            fn render(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(self, f)
            }
        }
    )*};
}
render_as_display!(u8, u16, u32, u64, usize, i32, i64, f64);

/// A value written through its [`Render`]; what [`html!`](crate::html!) wraps every
/// argument in.
#[doc(hidden)]
pub struct Escaped<'a, T: Render + ?Sized>(pub &'a T);

impl<T: Render + ?Sized> fmt::Display for Escaped<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.render(f)
    }
}

/// Whether a template literal is safe to fill: every placeholder is positional (`{}` or
/// `{:…}` or `{0}`), because a named placeholder such as `{label}` would capture a
/// variable past the escaping; no `href=`/`src=` value is interpolated (URLs go through
/// [`Href`], which writes the whole attribute); no `<script`. Checked at compile time.
#[doc(hidden)]
pub const fn template_ok(template: &str) -> bool {
    let bytes = template.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'{' {
            if i + 1 < bytes.len() && bytes[i + 1] == b'{' {
                i += 2;
                continue;
            }
            if i + 1 < bytes.len() && (bytes[i + 1].is_ascii_alphabetic() || bytes[i + 1] == b'_') {
                return false;
            }
        }
        if starts_with_at(bytes, i, b"href=\"{")
            || starts_with_at(bytes, i, b"href='{")
            || starts_with_at(bytes, i, b"src=\"{")
            || starts_with_at(bytes, i, b"src='{")
            || starts_with_at(bytes, i, b"<script")
        {
            return false;
        }
        i += 1;
    }
    true
}

const fn starts_with_at(bytes: &[u8], at: usize, pattern: &[u8]) -> bool {
    if at + pattern.len() > bytes.len() {
        return false;
    }
    let mut j = 0;
    while j < pattern.len() {
        if bytes[at + j] != pattern[j] {
            return false;
        }
        j += 1;
    }
    true
}

/// Markup from a template literal: `html!("<p class=\"x\">{}</p>", text)`. Every
/// argument is written through [`Render`] (text escaped, [`Html`] kept); the template is
/// checked at compile time by [`template_ok`](crate::html::markup::template_ok):
///
/// ```compile_fail
/// let label = "<script>";
/// let _ = msc_hsct::html!("<p>{label}</p>"); // a captured variable would skip escaping
/// ```
///
/// ```compile_fail
/// let url = "javascript:alert(1)";
/// let _ = msc_hsct::html!(r#"<a href="{}">x</a>"#, url); // URLs go through Href
/// ```
#[macro_export]
macro_rules! html {
    ($template:literal $(, $arg:expr)* $(,)?) => {{
        const {
            assert!(
                $crate::html::markup::template_ok($template),
                "html!: use positional placeholders, and an Href for href/src"
            )
        };
        $crate::html::Html::from_checked_template(::std::format!(
            $template $(, $crate::html::markup::Escaped(&$arg))*
        ))
    }};
}

/// An optional attribute: ` name="value"` (the value escaped) when there is a value,
/// nothing otherwise. The name is written in code, never data.
pub fn attr(name: &'static str, value: Option<&str>) -> Html {
    match value {
        Some(value) => {
            let mut html = Html(format!(" {name}=\""));
            html.push(value);
            html.0.push('"');
            html
        }
        None => Html::new(),
    }
}

/// A URL for `href`: an in-app relative link (`/…` but not `//…`, `?…`, `#…`, `./…`) or
/// an `https:` address. Anything else (`javascript:`, `data:`, `http:`, `//host`) is
/// refused. It renders as the whole attribute, ` href="…"`, escaped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Href(String);

/// Why a URL was refused as an [`Href`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefusedUrl(pub String);

impl fmt::Display for RefusedUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a link the app makes: {:?}", self.0)
    }
}

impl Href {
    /// The URL, if it is in-app relative or `https:`.
    pub fn new(url: &str) -> Result<Href, RefusedUrl> {
        let relative = (url.starts_with('/') && !url.starts_with("//") && !url.starts_with("/\\"))
            || url.starts_with('?')
            || url.starts_with('#')
            || url.starts_with("./");
        let https = url
            .get(..8)
            .is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"))
            && url.len() > 8;
        let clean = !url.chars().any(|c| c.is_control() || c == '\\');
        if (relative || https) && clean {
            Ok(Href(url.to_string()))
        } else {
            Err(RefusedUrl(url.to_string()))
        }
    }

    /// An in-page anchor, `#id`.
    pub fn anchor(id: &str) -> Href {
        Href(format!("#{id}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Href {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl Render for Href {
    fn render(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(" href=\"")?;
        self.0.as_str().render(f)?;
        f.write_str("\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_arguments_are_escaped_and_markup_is_kept() {
        let label = r#"<img src=x onerror="alert('1')">&"#;
        let inner = crate::html!("<b>{}</b>", label);
        let outer = crate::html!(r#"<p title="{}">{}</p>"#, label, inner);
        assert_eq!(
            outer.as_str(),
            "<p title=\"&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;\">\
             <b>&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;</b></p>"
        );
        assert_eq!(Html::text("2 × 10⁶ < 3").as_str(), "2 × 10⁶ &lt; 3");
    }

    #[test]
    fn numbers_keep_their_format_and_none_writes_nothing() {
        let none: Option<&str> = None;
        assert_eq!(
            crate::html!("{:.1}|{}|{}|{}", 2.25_f64, 7_u32, none, Some("<")).as_str(),
            "2.2|7||&lt;"
        );
    }

    #[test]
    fn templates_with_named_placeholders_or_url_slots_are_refused() {
        assert!(template_ok(r#"<p class="a">{} {:.2} {0} {{literal}}</p>"#));
        assert!(
            !template_ok("<p>{label}</p>"),
            "a captured variable skips escaping"
        );
        assert!(!template_ok(r#"<a href="{}">x</a>"#));
        assert!(!template_ok(r#"<img src='{}'>"#));
        assert!(!template_ok("<script>"));
        assert!(template_ok(r##"<a href="#top" rel="external">Top</a>"##));
    }

    #[test]
    fn hrefs_admit_in_app_and_https_links_only() {
        for good in [
            "/studies?study=r42",
            "/msc/",
            "?a=1",
            "#main",
            "./x",
            "https://pubmed.ncbi.nlm.nih.gov/?term=a+b",
        ] {
            assert!(Href::new(good).is_ok(), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,<script>",
            "http://example.org",
            "//evil.example",
            "/\\evil.example",
            "https://",
            "vbscript:x",
            " /studies",
            "/a\nb",
            "",
        ] {
            assert!(Href::new(bad).is_err(), "{bad:?}");
        }
        let href = Href::new("/s?a=1&b=\"x\"").expect("relative");
        assert_eq!(
            crate::html!("<a{}>x</a>", href).as_str(),
            "<a href=\"/s?a=1&amp;b=&quot;x&quot;\">x</a>"
        );
    }

    #[test]
    fn collected_parts_join_in_order() {
        let joined: Html = ["<a", "b>"].iter().map(|t| Html::text(t)).collect();
        assert_eq!(joined.as_str(), "&lt;ab&gt;");
    }
}
