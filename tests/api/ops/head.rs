//! `HEAD` is answered for every `GET` route with the `GET`'s status and headers and no
//! body; an unknown path stays 404.

use reqwest::{Method, StatusCode};

use crate::helpers::forum_fixtures::widgets;
use crate::helpers::{TestApp, TopicBuilder};

/// Sends `HEAD` and `GET` for `path` without compression and compares them; `expected`
/// is the status both must have (`None`: whatever `GET` answers).
async fn compare(app: &TestApp, path: &str, expected: impl Into<Option<StatusCode>>) {
    let expected = expected.into();
    // A plain client: no cookies, no Accept-Encoding, so both answers are alike.
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_gzip()
        .build()
        .unwrap();
    let url = format!("{}{path}", app.address);
    let get = client.get(&url).send().await.unwrap();
    let head = client.request(Method::HEAD, &url).send().await.unwrap();
    if let Some(expected) = expected {
        assert_eq!(get.status(), expected, "GET {path}");
    }
    assert_eq!(head.status(), get.status(), "HEAD {path}");
    for name in ["content-type", "content-length", "cache-control", "etag"] {
        assert_eq!(
            head.headers().get(name),
            get.headers().get(name),
            "header {name} of HEAD {path}"
        );
    }
    let get_len = get.bytes().await.unwrap().len();
    let head_body = head.bytes().await.unwrap();
    assert!(head_body.is_empty(), "HEAD {path} sent a body");
    assert!(get_len > 0, "GET {path} has a body to leave out");
}

#[tokio::test]
async fn head_answers_like_get_without_a_body_on_a_sample_of_routes() {
    let (app, admin) = widgets().await;
    let topic = TopicBuilder::discussion("Widget desks of the world")
        .body("Show yours.")
        .in_("widgets")
        .by(&admin)
        .build(&app)
        .await;
    compare(&app, "/", StatusCode::OK).await;
    compare(&app, "/c/widgets", StatusCode::OK).await;
    compare(&app, &topic.path, StatusCode::OK).await;
    compare(&app, "/latest.atom", StatusCode::OK).await;
    compare(&app, "/api/v1/topics", None).await;
    compare(&app, "/theme.css", StatusCode::OK).await;
    compare(&app, "/robots.txt", StatusCode::OK).await;
    compare(&app, "/no/such/page", StatusCode::NOT_FOUND).await;
    compare(
        &app,
        "/t/00000000-0000-0000-0000-000000000000/nothing",
        StatusCode::NOT_FOUND,
    )
    .await;
}

#[tokio::test]
async fn head_of_an_asset_and_of_a_post_only_route() {
    let (app, _admin) = widgets().await;
    let client = reqwest::Client::builder().no_gzip().build().unwrap();
    // An asset the home page links to.
    let home = client
        .get(&app.address)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let asset = home
        .split("\"/assets/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map(|p| format!("/assets/{p}"))
        .expect("the home page links an asset");
    compare(&app, &asset, StatusCode::OK).await;
    // HEAD is GET's twin only: a route with no GET is not answered as if it had one.
    let head = client
        .request(Method::HEAD, format!("{}/logout", app.address))
        .send()
        .await
        .unwrap();
    let get = client
        .get(format!("{}/logout", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(head.status(), get.status());
}
