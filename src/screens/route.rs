//! The app's pages and where the app lives: page slugs, titles and the router base
//! derived from the URL the app's own files were served from (any sub-path works).
use crate::domain::encode::decode_query;

/// A page of the app. Each has one flat path segment under the app's base, so a deep
/// link such as `/msc/studies` loads the same relative assets as `/msc/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Page {
    /// Dose calculator; the home page.
    Calculator,
    /// Every study of the review, grouped by indication.
    Studies,
    /// Outcome comparison tables with pooling.
    Compare,
    /// Forest plot, dose-response and engraftment charts.
    Charts,
    /// Citation, methods, data quality, glossary and disclaimer.
    About,
}

impl Page {
    /// Every page, in navigation order.
    pub const ALL: [Page; 5] = [
        Page::Calculator,
        Page::Studies,
        Page::Compare,
        Page::Charts,
        Page::About,
    ];

    /// The path of the page relative to the app's base, always starting with `/`.
    pub fn path(self) -> &'static str {
        match self {
            Page::Calculator => "/",
            Page::Studies => "/studies",
            Page::Compare => "/compare",
            Page::Charts => "/charts",
            Page::About => "/about",
        }
    }

    /// The short name shown in the navigation.
    pub fn nav_label(self) -> &'static str {
        match self {
            Page::Calculator => "Calculator",
            Page::Studies => "Studies",
            Page::Compare => "Compare",
            Page::Charts => "Charts",
            Page::About => "About",
        }
    }

    /// The document title for the page.
    pub fn document_title(self) -> String {
        format!("{} · {}", self.nav_label(), crate::screens::route::APP_NAME)
    }

    /// The page whose path is `path` (relative to the base), ignoring a trailing slash and
    /// treating `/index.html` as the home page.
    pub fn from_path(path: &str) -> Option<Page> {
        let trimmed = path.trim_end_matches('/');
        if trimmed.is_empty() || trimmed == "/index.html" {
            return Some(Page::Calculator);
        }
        Page::ALL.into_iter().find(|page| page.path() == trimmed)
    }
}

/// The link to `page` for an app served under `base` (as from
/// [`router_base_from_asset_url`]). The home page keeps its trailing slash (`/msc/`), so a
/// reload there still resolves the app's relative asset URLs inside the app's folder.
pub fn page_href(base: &str, page: Page) -> String {
    format!("{}{}", base.trim_end_matches('/'), page.path())
}

/// Where the app is: the page (None when the path is not a page) and the query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub page: Option<Page>,
    /// Decoded query parameters in order.
    pub query: Vec<(String, String)>,
}

impl Route {
    /// Parses a location of an app served under `base` (e.g. `"/msc"`): `pathname` as in
    /// `location.pathname`, `search` as in `location.search` (with or without `?`).
    pub fn parse(base: &str, pathname: &str, search: &str) -> Route {
        let base = base.trim_end_matches('/');
        let page = if pathname == base {
            Some(Page::Calculator)
        } else {
            pathname
                .strip_prefix(base)
                .filter(|rest| rest.starts_with('/'))
                .and_then(Page::from_path)
        };
        Route {
            page,
            query: decode_query(search),
        }
    }

    /// The first value of query parameter `key`.
    pub fn query(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value.as_str())
    }
}

/// If a link to the absolute URL `href` stays inside the app (same `origin`, under
/// `base`), the path, query and fragment to navigate to; otherwise `None` and the
/// browser follows the link.
pub fn internal_target(origin: &str, base: &str, href: &str) -> Option<String> {
    let rest = href.strip_prefix(origin)?;
    if !(rest.is_empty() || rest.starts_with('/')) {
        return None; // "http://host:8080" is a prefix of "http://host:80800/"
    }
    let rest = if rest.is_empty() { "/" } else { rest };
    if !is_same_origin_path(rest) {
        return None; // a path that a navigation would read as another origin
    }
    let path = rest.split(['?', '#']).next().unwrap_or_default();
    let base = base.trim_end_matches('/');
    let inside = path == base || path.starts_with(&format!("{base}/"));
    inside.then(|| rest.to_string())
}

/// Whether `to` is a path on this origin: one leading `/`, not `//` or a backslash (which
/// a navigation reads as another host), no control character. The only kind of URL the
/// app navigates to by itself.
pub fn is_same_origin_path(to: &str) -> bool {
    to.starts_with('/')
        && !to.starts_with("//")
        && !to.contains('\\')
        && !to.chars().any(char::is_control)
}

/// The product name, as shown in the header and document titles.
pub const APP_NAME: &str = "MSC·HSCT";

/// The router base (a path without trailing slash, `""` at the site root) from the absolute
/// URL of any file served from the app's root folder, such as its icon, for a page whose
/// location has `origin` (e.g. `"https://example.org"`).
///
/// The browser resolves the app's relative asset URLs against the page URL; if the app
/// runs at all, its icon resolved the same way names the folder the app is served from.
/// This is what makes deep links and any sub-path (e.g. `/msc/`) work without a build flag.
///
/// Only a same-origin path with a single leading `/` is accepted: an asset on another
/// origin, or a folder such as `//host` (which links would read as another origin), `..`,
/// a backslash or a control character gives the site root instead.
pub fn router_base_from_asset_url(origin: &str, asset_url: &str) -> String {
    let path = match asset_url.strip_prefix(origin) {
        Some("") => "/",
        Some(rest) if rest.starts_with('/') => rest,
        _ => return String::new(),
    };
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let folder = path[..path.rfind('/').unwrap_or(0)].trim_end_matches('/');
    let safe = !folder.starts_with("//")
        && !folder.contains('\\')
        && !folder
            .split('/')
            .any(|segment| segment == ".." || segment == ".")
        && !folder.chars().any(char::is_control);
    if safe {
        folder.to_string()
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_round_trips_through_its_path() {
        for page in Page::ALL {
            assert_eq!(Page::from_path(page.path()), Some(page), "{page:?}");
            let with_slash = format!("{}/", page.path());
            assert_eq!(
                Page::from_path(&with_slash),
                Some(page),
                "{page:?} with slash"
            );
        }
    }

    #[test]
    fn paths_are_unique_flat_segments() {
        for page in Page::ALL {
            let path = page.path();
            assert!(path.starts_with('/'));
            assert!(path[1..].find('/').is_none(), "{path} is not flat");
        }
        let mut paths: Vec<_> = Page::ALL.iter().map(|p| p.path()).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), Page::ALL.len());
    }

    #[test]
    fn home_aliases_and_unknown_paths() {
        assert_eq!(Page::from_path(""), Some(Page::Calculator));
        assert_eq!(Page::from_path("/index.html"), Some(Page::Calculator));
        assert_eq!(Page::from_path("/nope"), None);
        assert_eq!(Page::from_path("/studies/extra"), None);
    }

    #[test]
    fn document_titles_name_the_page_and_the_app() {
        assert_eq!(Page::About.document_title(), "About · MSC·HSCT");
    }

    #[test]
    fn hrefs_carry_the_base() {
        assert_eq!(page_href("", Page::Calculator), "/");
        assert_eq!(page_href("", Page::About), "/about");
        assert_eq!(page_href("/msc", Page::Calculator), "/msc/");
        assert_eq!(page_href("/msc", Page::Studies), "/msc/studies");
        assert_eq!(page_href("/msc/", Page::Charts), "/msc/charts");
        for page in Page::ALL {
            let href = page_href("/a/b", page);
            let path = href
                .strip_prefix("/a/b")
                .expect("href starts with the base");
            assert_eq!(Page::from_path(path), Some(page));
        }
    }

    #[test]
    fn locations_under_a_base() {
        let route = Route::parse("/msc", "/msc/studies", "?study=r38&x=a+b%21");
        assert_eq!(route.page, Some(Page::Studies));
        assert_eq!(route.query("study"), Some("r38"));
        assert_eq!(route.query("x"), Some("a b!"));
        assert_eq!(route.query("missing"), None);
        assert_eq!(
            Route::parse("/msc", "/msc", "").page,
            Some(Page::Calculator)
        );
        assert_eq!(
            Route::parse("/msc", "/msc/", "").page,
            Some(Page::Calculator)
        );
        assert_eq!(Route::parse("", "/", "").page, Some(Page::Calculator));
        assert_eq!(Route::parse("", "/about", "").page, Some(Page::About));
        assert_eq!(Route::parse("/msc", "/mscx/about", "").page, None);
        assert_eq!(Route::parse("/msc", "/other", "").page, None);
        assert_eq!(Route::parse("", "/nope", "").page, None);
    }

    #[test]
    fn which_links_stay_in_the_app() {
        let origin = "http://127.0.0.1:8080";
        let target = |base: &str, href: &str| internal_target(origin, base, href);
        assert_eq!(
            target("", "http://127.0.0.1:8080/studies?study=r1").as_deref(),
            Some("/studies?study=r1")
        );
        assert_eq!(target("", "http://127.0.0.1:8080").as_deref(), Some("/"));
        assert_eq!(
            target("/msc", "http://127.0.0.1:8080/msc/about#x").as_deref(),
            Some("/msc/about#x")
        );
        assert_eq!(
            target("/msc", "http://127.0.0.1:8080/msc").as_deref(),
            Some("/msc")
        );
        assert_eq!(target("/msc", "http://127.0.0.1:8080/other"), None);
        assert_eq!(target("/msc", "http://127.0.0.1:8080/mscx"), None);
        assert_eq!(target("", "https://pubmed.ncbi.nlm.nih.gov/?term=x"), None);
        assert_eq!(target("", "http://127.0.0.1:80800/"), None);
        assert_eq!(target("", "http://127.0.0.1:8080//evil.example/x"), None);
        for (to, ok) in [
            ("/", true),
            ("/msc/studies?x=1#y", true),
            ("//evil.example", false),
            ("/\\evil", false),
            ("https://x", false),
            ("studies", false),
            ("/a\nb", false),
            ("", false),
        ] {
            assert_eq!(is_same_origin_path(to), ok, "{to:?}");
        }
        assert_eq!(target("", "http://127.0.0.1:8080/\\evil.example/x"), None);
    }

    #[test]
    fn router_base_from_asset_urls() {
        let cases = [
            (
                "http://127.0.0.1:8080",
                "http://127.0.0.1:8080/icon-1a2b.svg",
                "",
            ),
            (
                "http://127.0.0.1:8080",
                "http://127.0.0.1:8080/msc/icon-1a2b.svg",
                "/msc",
            ),
            (
                "https://example.org",
                "https://example.org/a/b/icon.svg?v=1#x",
                "/a/b",
            ),
            (
                "https://example.org",
                "https://example.org/msc//icon.svg",
                "/msc",
            ),
            ("https://example.org", "https://example.org", ""),
            // Never another origin, nor a folder that links would read as one.
            (
                "https://example.org",
                "https://evil.example/msc/icon.svg",
                "",
            ),
            (
                "https://example.org",
                "https://example.org.evil/msc/icon.svg",
                "",
            ),
            (
                "https://example.org",
                "https://example.org//evil.example/icon.svg",
                "",
            ),
            (
                "https://example.org",
                "https://example.org/a/../icon.svg",
                "",
            ),
            (
                "https://example.org",
                "https://example.org/a\\b/icon.svg",
                "",
            ),
            (
                "https://example.org",
                "https://example.org/a\u{7}/icon.svg",
                "",
            ),
            ("https://example.org", "/msc/icon.svg", ""),
            ("https://example.org", "icon.svg", ""),
            ("https://example.org", "", ""),
        ];
        for (origin, url, base) in cases {
            assert_eq!(router_base_from_asset_url(origin, url), base, "{url}");
        }
    }
}
