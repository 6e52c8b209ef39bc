//! The categories part of a sub-community's settings page (`/c/{slug}/edit`): the list,
//! each category's edit form, and the form to add one. A refused form comes back with
//! what was typed and each error beside its field.

use maud::{html, Markup};

use crate::db::models::categories::Category;
use crate::db::models::communities::Community;
use crate::error::FieldErrors;
use crate::views::components::{csrf_field, scoped_error_summary, Field};
use crate::views::Page;

/// A category's fields as typed.
#[derive(Debug, Clone, Default)]
pub struct CategoryValues {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub position: String,
}

/// The panel's data: the categories, and the form a manager sent that was refused.
#[derive(Debug, Default)]
pub struct CategoryPanel {
    pub categories: Vec<Category>,
    /// A refused new category.
    pub new: Option<(CategoryValues, FieldErrors)>,
    /// A refused edit: the category's slug (in `values`), what was typed and why.
    pub edit: Option<(CategoryValues, FieldErrors)>,
}

impl CategoryPanel {
    pub fn of(categories: Vec<Category>) -> Self {
        CategoryPanel {
            categories,
            ..CategoryPanel::default()
        }
    }
}

pub fn panel(page: &Page, c: &Community, panel: &CategoryPanel) -> Markup {
    html! {
        section.card {
            h2 { (page.t("community-categories")) }
            @if panel.categories.is_empty() { p.muted { (page.t("community-categories-empty")) } }
            ul.category-admin { @for cat in &panel.categories { li {
                a href={ "/c/" (c.slug) "/cat/" (cat.slug) } { (cat.name) } " " span.muted data-content { "/" (cat.slug) }
                @let refused = panel.edit.as_ref().filter(|(v, _)| v.slug == cat.slug);
                (edit_form(page, c, cat, refused))
            } } }
        }
        (new_form(page, c, panel.new.as_ref()))
    }
}

/// One category's rename, reorder and delete, folded away unless it was just refused.
fn edit_form(
    page: &Page,
    c: &Community,
    cat: &Category,
    refused: Option<&(CategoryValues, FieldErrors)>,
) -> Markup {
    let scope = format!("cat-{}", cat.slug);
    let position = cat.position.to_string();
    let (name, description, position, errors) = match refused {
        Some((v, e)) => (
            v.name.as_str(),
            v.description.as_str(),
            v.position.as_str(),
            e.in_lang(page.lang),
        ),
        None => (
            cat.name.as_str(),
            cat.description.as_str(),
            position.as_str(),
            FieldErrors::new(),
        ),
    };
    html! {
        details open[refused.is_some()] {
            summary { (page.t("forum-category-edit")) }
            (scoped_error_summary(&scope, &errors))
            form method="post" action={ "/c/" (c.slug) "/categories/" (cat.slug) "/edit" } {
                (csrf_field(&page.csrf))
                (Field::new("name", &page.t("forum-category-name")).scope(&scope).value(name).required().render(&errors))
                (Field::new("description", &page.t("forum-category-description")).scope(&scope).value(description).render(&errors))
                (Field::new("position", &page.t("forum-category-position")).scope(&scope).kind("number").value(position)
                    .hint(&page.t("forum-category-position-hint")).render(&errors))
                button.button.small type="submit" { (page.t("forum-category-save")) }
            }
            form method="post" action={ "/c/" (c.slug) "/categories/" (cat.slug) "/delete" } data-confirm=(page.t("forum-category-delete-confirm")) {
                (csrf_field(&page.csrf))
                button.button.small.danger type="submit" { (page.t("forum-category-delete")) }
            }
        }
    }
}

/// Adding a category; its fields are scoped (`f-cat-name`) so they do not share ids with
/// the settings form above them.
fn new_form(page: &Page, c: &Community, refused: Option<&(CategoryValues, FieldErrors)>) -> Markup {
    let empty = CategoryValues::default();
    let (values, errors) = match refused {
        Some((v, e)) => (v, e.in_lang(page.lang)),
        None => (&empty, FieldErrors::new()),
    };
    html! {
        section.card #add-category {
            h2 { (page.t("forum-category-add-heading")) }
            (scoped_error_summary("cat", &errors))
            form method="post" action={ "/c/" (c.slug) "/categories" } {
                (csrf_field(&page.csrf))
                (Field::new("slug", &page.t("forum-category-slug")).scope("cat").value(&values.slug).required().render(&errors))
                (Field::new("name", &page.t("forum-category-name")).scope("cat").value(&values.name).required().render(&errors))
                (Field::new("description", &page.t("forum-category-description")).scope("cat").value(&values.description).render(&errors))
                button.button type="submit" { (page.t("forum-category-add")) }
            }
        }
    }
}
