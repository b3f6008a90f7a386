; What extraction needs from a Python file, in one pass over the tree (or over an edited range).
; Capture names are read by server/src/analysis/structure.ts. Every pattern is rooted at the node
; it captures: one rooted at `module` is returned by a range-restricted query whatever the range.
; Top-level statements (module-level constants and bindings) are read by structure.ts directly.

; Every import statement, at any depth (the extractor decides the scope).
(import_statement) @import
(import_from_statement) @import

; Calls whose callee is a name or a dotted name: candidate operator calls. The argument list is
; matched, not captured: each capture costs a Node in JavaScript, and the arguments are found from
; the call when a task is built.
(call
  function: [(identifier) (attribute)] @call.callee
  arguments: (argument_list)) @call

; Decorated functions: candidate @task.virtualenv / @task.external_python tasks.
(decorated_definition
  definition: (function_definition) @decorated.function) @decorated

; Function and class definitions, for resolving python_callable= and shadowing.
(function_definition name: (identifier) @function.name) @function
(class_definition name: (identifier) @class.name) @class

