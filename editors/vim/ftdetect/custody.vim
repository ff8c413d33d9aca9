" custody spec files
autocmd BufRead,BufNewFile *.custody setfiletype custody
