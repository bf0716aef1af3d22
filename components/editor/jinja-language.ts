import type * as Monaco from "monaco-editor/editor/editor.api";

let registered = false;

/** A small Monarch tokenizer: statements, expressions, comments, strings, filters and the ||| separator stand out. */
export function registerJinjaLanguage(monaco: typeof Monaco): void {
  if (registered) return;
  registered = true;
  monaco.languages.register({ id: "jinja" });
  monaco.languages.setMonarchTokensProvider("jinja", {
    tokenizer: {
      root: [
        [/\|\|\|/, "keyword.separator"],
        [/\{#/, { token: "comment", next: "@comment" }],
        [/\{%-?/, { token: "delimiter.statement", next: "@code" }],
        [/\{\{-?/, { token: "delimiter.expression", next: "@code" }],
        [/[^{|]+/, ""],
        [/./, ""],
      ],
      comment: [
        [/#\}/, { token: "comment", next: "@pop" }],
        [/./, "comment"],
      ],
      code: [
        [/-?%\}/, { token: "delimiter.statement", next: "@pop" }],
        [/-?\}\}/, { token: "delimiter.expression", next: "@pop" }],
        [/"([^"\\]|\\.)*"/, "string"],
        [/'([^'\\]|\\.)*'/, "string"],
        [/\|\s*[A-Za-z_]\w*/, "type.filter"],
        [/\b(if|elif|else|endif|for|endfor|in|not|and|or|is|set|endset|macro|endmacro|call|endcall|filter|endfilter|true|false|none|True|False|None|recursive)\b/, "keyword"],
        [/\d+(\.\d+)?/, "number"],
        [/[A-Za-z_]\w*/, "identifier"],
        [/./, ""],
      ],
    },
  });
}
