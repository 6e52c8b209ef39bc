//! The key-parity check (issue 21): every `.ftl` file exists in both languages, parses,
//! and defines the same messages and terms, each with the same attributes and the same
//! variables. A key in one language and not the other, or a `{ $count }` the other
//! language forgot, fails the build's tests.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_syntax::ast;

type Shape = BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)>;
type TestResult<T = ()> = Result<T, Box<dyn std::error::Error>>;

fn shapes(dir: &Path) -> TestResult<BTreeMap<String, Shape>> {
    let mut files = BTreeMap::new();
    let mut entries = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()?;
    entries.sort();
    for path in entries
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
    {
        let name = path
            .file_name()
            .ok_or("an .ftl file's name")?
            .to_string_lossy()
            .to_string();
        let text = std::fs::read_to_string(&path)?;
        let resource = fluent_syntax::parser::parse(text.as_str())
            .unwrap_or_else(|(_, errors)| panic!("{}: {errors:?}", path.display()));
        let mut shape = Shape::new();
        for entry in resource.body {
            let (id, value, attributes) = match entry {
                ast::Entry::Message(m) => (m.id.name.to_string(), m.value, m.attributes),
                ast::Entry::Term(t) => (format!("-{}", t.id.name), Some(t.value), t.attributes),
                _ => continue,
            };
            let mut vars = BTreeSet::new();
            if let Some(v) = &value {
                pattern_vars(v, &mut vars);
            }
            let mut attrs = BTreeSet::new();
            for a in &attributes {
                attrs.insert(a.id.name.to_string());
                pattern_vars(&a.value, &mut vars);
            }
            assert!(
                shape.insert(id.clone(), (attrs, vars)).is_none(),
                "{name}: {id} twice"
            );
        }
        files.insert(name, shape);
    }
    Ok(files)
}

fn pattern_vars(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for el in &p.elements {
        if let ast::PatternElement::Placeable { expression } = el {
            expression_vars(expression, out);
        }
    }
}

fn expression_vars(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, out);
            for v in variants {
                pattern_vars(&v.value, out);
            }
        }
        ast::Expression::Inline(i) => inline_vars(i, out),
    }
}

fn inline_vars(i: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, out);
            }
            for a in &arguments.named {
                inline_vars(&a.value, out);
            }
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, out),
        _ => {}
    }
}

#[test]
fn english_and_french_define_the_same_keys_with_the_same_variables() -> TestResult {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    let en = shapes(&root.join("en"))?;
    let fr = shapes(&root.join("fr"))?;
    let files: BTreeSet<_> = en.keys().chain(fr.keys()).collect();
    let mut problems = Vec::new();
    // One bundle per language holds every file: an id defined in two files would clash.
    for (lang, set) in [("en", &en), ("fr", &fr)] {
        let mut seen = BTreeMap::new();
        for (file, shape) in set.iter() {
            for id in shape.keys() {
                if let Some(other) = seen.insert(id.clone(), file.clone()) {
                    problems.push(format!("{lang}: {id} is in {other} and {file}"));
                }
            }
        }
    }
    for file in files {
        let (Some(e), Some(f)) = (en.get(file), fr.get(file)) else {
            problems.push(format!("{file}: exists in one language only"));
            continue;
        };
        for (id, shape) in e {
            match f.get(id) {
                None => problems.push(format!("{file}: {id} is missing in French")),
                Some(other) if other != shape => {
                    problems.push(format!("{file}: {id} differs: en {shape:?}, fr {other:?}"))
                }
                Some(_) => {}
            }
        }
        for id in f.keys().filter(|id| !e.contains_key(*id)) {
            problems.push(format!("{file}: {id} is missing in English"));
        }
    }
    assert!(
        problems.is_empty(),
        "translation parity:\n{}",
        problems.join("\n")
    );
    Ok(())
}

#[test]
fn the_check_notices_a_missing_key_and_a_changed_variable() -> TestResult {
    let dir = std::env::temp_dir().join(format!("parley-parity-{}", std::process::id()));
    for (lang, body) in [("en", "a = A { $n }\nb = B\n"), ("fr", "a = A { $m }\n")] {
        std::fs::create_dir_all(dir.join(lang))?;
        std::fs::write(dir.join(lang).join("x.ftl"), body)?;
    }
    let (en, fr) = (shapes(&dir.join("en"))?, shapes(&dir.join("fr"))?);
    assert_ne!(en["x.ftl"]["a"], fr["x.ftl"]["a"]);
    assert!(!fr["x.ftl"].contains_key("b"));
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
