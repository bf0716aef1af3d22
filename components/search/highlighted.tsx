import { splitHighlights } from "@/lib/search/query";

/** Text from the database's snippet functions, with the matches in <mark> (never as HTML). */
export function Highlighted({ text }: { text: string }) {
  return (
    <>
      {splitHighlights(text).map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
    </>
  );
}
