/**
 * Makes whitespace visible in rendered text (the preview's "Show whitespace" toggle): PromptSource
 * outputs are compared byte for byte, so a stray space or newline matters. Line breaks stay line
 * breaks, with a mark before them.
 */
export function visibleWhitespace(text: string): string {
  return text.replace(/\r\n|[ \t\n\r\u00a0]/g, (c) => {
    switch (c) {
      case " ":
        return "·";
      case "\t":
        return "→";
      case "\u00a0":
        return "⍽";
      case "\r\n":
        return "␍↵\n";
      case "\r":
        return "␍";
      default:
        return "↵\n";
    }
  });
}

/** PromptSource's answer choices for a ClassLabel column: its names joined with the separator. */
export function answerChoicesFromClassNames(names: readonly string[]): string {
  return names.join(" ||| ");
}
