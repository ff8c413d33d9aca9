" Vim syntax file
" Language: custody (key-custody and access-control specs)
" Install:  copy syntax/ and ftdetect/ into ~/.vim (or ~/.config/nvim), or add this folder
"           to 'runtimepath'.

if exists("b:current_syntax")
  finish
endif

syn case match

syn keyword custodyDeclaration import phase role jurisdiction actor site condition key data flow law threat assume assert nextgroup=custodyDeclared skipwhite
syn keyword custodyOperator    and or not implies
syn keyword custodyControl     can cannot nobody only
syn keyword custodyVerb        read obtain use compels seizes compromises
syn keyword custodyKeyword     in operated by when held stored at wrapped hsm used split of encrypted actors sites most least exactly
syn keyword custodyKeyword     from until during forgets as for holders public

" The name a declaration introduces (not after flow, assume or import).
syn match custodyDeclared "\<\h\w*\>" contained
syn match custodyNumber   "\<\d\+\>"
syn match custodyArrow    "->"
syn match custodyEscape   +\\["\\]+ contained
syn region custodyString  start=+"+ skip=+\\["\\]+ end=+"+ end=+$+ contains=custodyEscape oneline
syn match custodyComment  "#.*$" contains=custodyTodo
syn keyword custodyTodo   TODO FIXME XXX contained

hi def link custodyDeclaration Statement
hi def link custodyOperator    Operator
hi def link custodyControl     Conditional
hi def link custodyVerb        Keyword
hi def link custodyKeyword     Keyword
hi def link custodyDeclared    Identifier
hi def link custodyNumber      Number
hi def link custodyArrow       Operator
hi def link custodyString      String
hi def link custodyEscape      SpecialChar
hi def link custodyComment     Comment
hi def link custodyTodo        Todo

let b:current_syntax = "custody"
