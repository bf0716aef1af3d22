;; JSON string escaping of UTF-8 bytes with WebAssembly SIMD (json-escape.ts embeds its binary,
;; compiled by wabt; json-escape.test.ts checks the two agree). `escape(s, n, d)` writes the JSON
;; text of the n bytes at s (without the quotes) at d and returns its end: `"` and `\` escaped,
;; \b \t \n \f \r, other controls below 0x20 as \u00xx (Python's json.dumps with
;; ensure_ascii=False), anything else as it is. It returns -1 at EF BF BD (U+FFFD), which is also
;; what node's UTF-8 writer makes of a lone surrogate: the caller takes its exact path then.
;; Sixteen bytes are tested at a time and copied whole when none needs care; in a group that has
;; some, the bytes between them are copied as vectors too (the memory past both ends has 16 bytes
;; of room, json-escape.ts).
(module
  (memory (export "memory") 1)
  ;; 0..31: the short escape letter of a control character (b t n f r), else 0; 32..47: hex digits
  (data (i32.const 0) "\00\00\00\00\00\00\00\00btn\00fr\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00")
  (data (i32.const 32) "0123456789abcdef")

  ;; the byte b (read at s - 1) written at d, escaped where it needs care; returns the end, or -1
  (func $byte (param $b i32) (param $s i32) (param $end i32) (param $d i32) (result i32)
    (local $e i32)
    (if (i32.lt_u (local.get $b) (i32.const 32))
      (then
        (i32.store8 (local.get $d) (i32.const 92))
        (local.set $e (i32.load8_u (local.get $b)))
        (if (local.get $e)
          (then
            (i32.store8 offset=1 (local.get $d) (local.get $e))
            (return (i32.add (local.get $d) (i32.const 2)))))
        ;; \u00XX
        (i32.store8 offset=1 (local.get $d) (i32.const 117))
        (i32.store8 offset=2 (local.get $d) (i32.const 48))
        (i32.store8 offset=3 (local.get $d) (i32.const 48))
        (i32.store8 offset=4 (local.get $d) (i32.load8_u offset=32 (i32.shr_u (local.get $b) (i32.const 4))))
        (i32.store8 offset=5 (local.get $d) (i32.load8_u offset=32 (i32.and (local.get $b) (i32.const 15))))
        (return (i32.add (local.get $d) (i32.const 6)))))
    (if (i32.or (i32.eq (local.get $b) (i32.const 34)) (i32.eq (local.get $b) (i32.const 92)))
      (then
        (i32.store8 (local.get $d) (i32.const 92))
        (i32.store8 offset=1 (local.get $d) (local.get $b))
        (return (i32.add (local.get $d) (i32.const 2)))))
    ;; EF BF BD is U+FFFD, which is also what a lone surrogate became: the caller decides
    (if (i32.and
          (i32.eq (local.get $b) (i32.const 0xef))
          (i32.and
            (i32.le_u (i32.add (local.get $s) (i32.const 2)) (local.get $end))
            (i32.eq (i32.load16_u (local.get $s)) (i32.const 0xbdbf))))
      (then (return (i32.const -1))))
    (i32.store8 (local.get $d) (local.get $b))
    (i32.add (local.get $d) (i32.const 1)))

  (func (export "escape") (param $s i32) (param $n i32) (param $d i32) (result i32)
    (local $end i32) (local $v v128) (local $m i32) (local $at i32) (local $group i32)
    (local.set $end (i32.add (local.get $s) (local.get $n)))
    (block $tail
      (loop $top
        (br_if $tail (i32.gt_u (i32.add (local.get $s) (i32.const 16)) (local.get $end)))
        (local.set $v (v128.load align=1 (local.get $s)))
        (local.set $m (i8x16.bitmask
          (v128.or
            (v128.or
              (i8x16.lt_u (local.get $v) (v128.const i8x16 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32))
              (i8x16.eq (local.get $v) (v128.const i8x16 34 34 34 34 34 34 34 34 34 34 34 34 34 34 34 34)))
            (v128.or
              (i8x16.eq (local.get $v) (v128.const i8x16 92 92 92 92 92 92 92 92 92 92 92 92 92 92 92 92))
              (i8x16.eq (local.get $v) (v128.const i8x16 0xef 0xef 0xef 0xef 0xef 0xef 0xef 0xef 0xef 0xef 0xef 0xef 0xef 0xef 0xef 0xef))))))
        (local.set $group (local.get $s))
        ;; each byte that needs care: the bytes before it copied (16 stored, as many kept), then it
        (block $rest
          (loop $each
            (br_if $rest (i32.eqz (local.get $m)))
            (local.set $at (i32.add (local.get $group) (i32.ctz (local.get $m))))
            (v128.store align=1 (local.get $d) (v128.load align=1 (local.get $s)))
            (local.set $d (i32.add (local.get $d) (i32.sub (local.get $at) (local.get $s))))
            (local.set $s (i32.add (local.get $at) (i32.const 1)))
            (local.set $d (call $byte (i32.load8_u (local.get $at)) (local.get $s) (local.get $end) (local.get $d)))
            (if (i32.lt_s (local.get $d) (i32.const 0)) (then (return (i32.const -1))))
            (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
            (br $each)))
        ;; the group's bytes after the last one
        (v128.store align=1 (local.get $d) (v128.load align=1 (local.get $s)))
        (local.set $d (i32.add (local.get $d) (i32.sub (i32.add (local.get $group) (i32.const 16)) (local.get $s))))
        (local.set $s (i32.add (local.get $group) (i32.const 16)))
        (br $top)))
    ;; the last bytes, one at a time
    (block $done
      (loop $one
        (br_if $done (i32.ge_u (local.get $s) (local.get $end)))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (local.set $d (call $byte (i32.load8_u offset=0 (i32.sub (local.get $s) (i32.const 1))) (local.get $s) (local.get $end) (local.get $d)))
        (if (i32.lt_s (local.get $d) (i32.const 0)) (then (return (i32.const -1))))
        (br $one)))
    (local.get $d))
)
