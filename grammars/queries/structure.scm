; What extract.ts needs from a Python file, in one pass over the tree.
; Capture names are read by server/src/analysis/extract.ts.

; Every import statement, at any depth (the extractor decides the scope).
(import_statement) @import
(import_from_statement) @import

; Calls whose callee is a name or a dotted name: candidate operator calls.
(call
  function: [(identifier) (attribute)] @call.callee
  arguments: (argument_list) @call.arguments) @call

; Decorated functions: candidate @task.virtualenv / @task.external_python tasks.
(decorated_definition
  definition: (function_definition) @decorated.function) @decorated

; Module-level constants: NAME = value (used to resolve requirements=REQS).
(module
  (expression_statement
    (assignment
      left: (identifier) @constant.name
      right: (_) @constant.value)))

; Function and class definitions, for resolving python_callable= and shadowing.
(function_definition name: (identifier) @function.name) @function
(class_definition name: (identifier) @class.name) @class
