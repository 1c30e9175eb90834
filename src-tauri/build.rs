fn main() {
    // Listing the app's commands makes Tauri generate an `allow-<command>` permission for each,
    // so a capability must grant every command the UI calls: nothing is reachable by default.
    let commands = &[
        "open_project",
        "open_demo",
        "project_summary",
        "list_documents",
        "get_document",
        "search",
        "default_coder",
        "get_codebook",
        "get_codings",
        "add_coding",
        "code_in_vivo",
        "remove_coding",
        "undo",
        "redo",
        "list_coders",
        "get_agreement",
        "resize_coding",
        "history_state",
        "add_code",
        "edit_code",
        "merge_codes",
        "delete_code",
        "list_memos",
        "add_memo",
        "edit_memo",
        "delete_memo",
        "retrieve",
        "export_segments",
        "save_segments",
        "crosstab",
        "cooccurrence",
        "autocode_preview",
        "autocode_apply",
    ];
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )
    .expect("tauri-build failed");
}
