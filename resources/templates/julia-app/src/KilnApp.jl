module KilnApp

# The program juliac compiles: `(@main)(ARGS)` is its entry point, ARGS its command-line
# arguments, and the returned integer its exit code. Printing goes through `Core.stdout`, which
# stays small and fully typed when juliac trims the program (`--trim=safe`).

"""
    greeting(name)

The line the program prints for `name`.
"""
greeting(name::AbstractString) = string("Hello, ", name, "!")

function (@main)(ARGS)
    name = isempty(ARGS) ? "world" : ARGS[1]
    println(Core.stdout, greeting(name))
    return 0
end

end # module KilnApp
