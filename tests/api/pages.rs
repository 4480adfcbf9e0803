//! Pages over real HTTP as a browser without scripts sends them: a request
//! with the session cookie, redirects not followed, and forms filled from
//! the page's own HTML (hidden fields, ticked boxes, chosen options), so a
//! test posts exactly what the page would.

use awc::http::StatusCode;

use crate::helpers::TestApp;

/// A page answer: status, `Location`, the session cookie it set, the body.
pub struct Got {
    /// The status.
    pub status: StatusCode,
    /// The `Location` header (empty without one).
    pub location: String,
    /// The session cookie set, as `uzel_session=…`.
    pub session: Option<String>,
    /// The body.
    pub text: String,
    /// The body as bytes.
    pub bytes: Vec<u8>,
    /// The `Content-Type` header.
    pub content_type: String,
    /// The `Content-Security-Policy` header.
    pub csp: String,
}

/// Sends `method` to `path` with `cookies` and, for a post, `form`, once the
/// writes answered before it are applied.
pub async fn send(app: &TestApp, method: &str, path: &str, cookies: &str, form: Option<&[(&str, &str)]>) -> Got {
    // The API's writes before it are applied, as a person's next page would
    // find them.
    app.settled().await;
    let client = awc::Client::builder().disable_redirects().finish();
    let url = format!("{}{path}", app.address);
    let mut request = if method == "POST" { client.post(&url) } else { client.get(&url) };
    if !cookies.is_empty() {
        request = request.insert_header(("cookie", cookies.to_owned()));
    }
    let mut response = match form {
        Some(fields) => request.insert_header(("origin", app.address.clone())).send_form(&fields).await,
        None => request.send().await,
    }
    .expect("the server answers");
    let body = response.body().limit(4 << 20).await.unwrap_or_default();
    let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let session = response
        .headers()
        .get_all("set-cookie")
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("uzel_session="))
        .map(|c| c.split(';').next().unwrap_or("").to_owned());
    Got {
        status: response.status(),
        location: header("location"),
        session,
        text: String::from_utf8_lossy(&body).into(),
        bytes: body.to_vec(),
        content_type: header("content-type"),
        csp: header("content-security-policy"),
    }
}

/// Posts the pairs of a form.
pub async fn post(app: &TestApp, path: &str, cookies: &str, form: &Form) -> Got {
    let pairs: Vec<(&str, &str)> = form.0.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    send(app, "POST", path, cookies, Some(&pairs)).await
}

/// Signs `username` (password `password-of-test`) in with the page's form;
/// the session cookie.
pub async fn sign_in(app: &TestApp, username: &str) -> String {
    let form = [("username", username), ("password", "password-of-test"), ("dal", "")];
    send(app, "POST", "/prihlaseni", "", Some(&form)).await.session.expect("signed in")
}

/// Signs `username` in with `password`; the session cookie.
pub async fn sign_in_as(app: &TestApp, username: &str, password: &str) -> String {
    let form = [("username", username), ("password", password), ("dal", "")];
    send(app, "POST", "/prihlaseni", "", Some(&form)).await.session.expect("signed in")
}

/// The value of the first hidden `csrf` field of a page.
pub fn csrf_of(page: &str) -> String {
    let at = page.find("name=\"csrf\" value=\"").expect("a form with the CSRF token") + 19;
    page[at..].split('"').next().unwrap().to_owned()
}

/// What a form sends: its pairs in order.
#[derive(Clone, Debug)]
pub struct Form(pub Vec<(String, String)>);

impl Form {
    /// The form of `page` that posts to `action`, as the browser would send
    /// it untouched.
    pub fn of(page: &str, action: &str) -> Self {
        let marker = format!("action=\"{action}\"");
        let at = page.find(&marker).unwrap_or_else(|| panic!("no form posting to {action} in {page}"));
        let start = page[..at].rfind("<form").expect("a form tag");
        let end = at + page[at..].find("</form>").expect("the form's end");
        Self(pairs(&page[start..end]))
    }

    /// The first value of `name`.
    pub fn get(&self, name: &str) -> &str {
        self.0.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
    }

    /// Types `value` into the input `name` (replacing what it held).
    pub fn set(&mut self, name: &str, value: &str) -> &mut Self {
        match self.0.iter_mut().find(|(k, _)| k == name) {
            Some(pair) => pair.1 = value.to_owned(),
            None => self.0.push((name.to_owned(), value.to_owned())),
        }
        self
    }

    /// Ticks a box `name` with `value`.
    pub fn tick(&mut self, name: &str, value: &str) -> &mut Self {
        self.0.push((name.to_owned(), value.to_owned()));
        self
    }
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&#39;", "'").replace("&amp;", "&")
}

/// The attribute `name` of a tag's text (`Some("")` for a bare one).
fn attribute(tag: &str, name: &str) -> Option<String> {
    let quoted = format!(" {name}=\"");
    if let Some(at) = tag.find(&quoted) {
        let rest = &tag[at + quoted.len()..];
        return Some(unescape(&rest[..rest.find('"')?]));
    }
    let bare = tag.split([' ', '>', '/']).any(|w| w == name);
    bare.then(String::new)
}

/// The pairs the controls of `form` (its HTML) send.
fn pairs(form: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = form;
    while let Some(at) = rest.find('<') {
        rest = &rest[at..];
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let tag = &rest[..end];
        if tag.starts_with("<input") {
            let kind = attribute(tag, "type").unwrap_or_else(|| "text".into());
            if let Some(name) = attribute(tag, "name")
                && (kind != "checkbox" && kind != "radio" || attribute(tag, "checked").is_some())
                && kind != "submit"
            {
                out.push((name, attribute(tag, "value").unwrap_or_default()));
            }
        } else if tag.starts_with("<textarea") {
            let close = rest.find("</textarea>").unwrap_or(end);
            if let Some(name) = attribute(tag, "name") {
                out.push((name, unescape(&rest[end..close])));
            }
        } else if tag.starts_with("<select") {
            let close = rest.find("</select>").unwrap_or(end);
            let options: Vec<&str> = rest[end..close].split("<option").skip(1).collect();
            let chosen = options.iter().find(|o| o.split('>').next().is_some_and(|t| t.contains(" selected")));
            let value = chosen.or(options.first()).and_then(|o| attribute(&format!(" {o}"), "value"));
            if let Some(name) = attribute(tag, "name") {
                out.push((name, value.unwrap_or_default()));
            }
        }
        rest = &rest[end.min(rest.len())..];
        if rest.is_empty() {
            break;
        }
    }
    out
}
