# Kiln's side of the REPL: loaded with `julia -i -L kiln.jl`, it connects back to the Kiln window
# over a private socket and serves structured requests (evaluate, variables, interrupt, activate)
# while the user keeps typing into the same REPL. The wire format is specified in
# docs/protocol.md ("The Julia side channel"); keep the two in step. Standard library only.

module KilnREPL

using Sockets, Base64
import REPL

const PROTOCOL = 1
const TEXT_LIMIT = 20_000          # characters of a result's text form
const FIELD_LIMIT = 64 * 1024^2    # bytes in one request field
const MAX_FIELDS = 16
const SELF_FILE = @__FILE__

const SOCK = Ref{Any}(nothing)
const WRITE_LOCK = ReentrantLock()            # results, acks and displays come from several tasks
const QUEUE = Channel{Any}(Inf)               # eval / variables / activate, served in order
const WORKER = Ref{Union{Task,Nothing}}(nothing)
const BUSY = Threads.Atomic{Bool}(false)      # the worker is inside user code

# ----- JSON out: the stdlib has no JSON, and we only ever write, so a tiny writer suffices ------

function json(io::IO, s::AbstractString)
    print(io, '"')
    for c in s
        if !isvalid(c)
            print(io, "\\ufffd")            # invalid UTF-8 from user data must not break the line
        elseif c == '"' || c == '\\'
            print(io, '\\', c)
        elseif c == '\n'
            print(io, "\\n")
        elseif c == '\r'
            print(io, "\\r")
        elseif c == '\t'
            print(io, "\\t")
        elseif c < ' ' || c == '\x7f' || c == '\u2028' || c == '\u2029'
            print(io, "\\u", string(UInt32(c); base=16, pad=4))
        else
            print(io, c)                    # everything else (non-BMP too) as raw UTF-8
        end
    end
    print(io, '"')
end
json(io::IO, x::Symbol) = json(io, String(x))
json(io::IO, ::Nothing) = print(io, "null")
json(io::IO, b::Bool) = print(io, b ? "true" : "false")
json(io::IO, n::Integer) = print(io, n)
json(io::IO, x::AbstractFloat) = isfinite(x) ? print(io, Float64(x)) : print(io, "null")
function json(io::IO, v::AbstractVector)
    print(io, '[')
    for (i, x) in enumerate(v)
        i > 1 && print(io, ',')
        json(io, x)
    end
    print(io, ']')
end
function json(io::IO, d::NamedTuple)
    print(io, '{')
    for (i, (k, x)) in enumerate(pairs(d))
        i > 1 && print(io, ',')
        json(io, String(k)); print(io, ':'); json(io, x)
    end
    print(io, '}')
end

"Send one message (one JSON object on one line). A lost connection is not the user's problem."
function send(msg)
    sock = SOCK[]
    sock === nothing && return false
    line = sprint(json, msg) * "\n"
    try
        lock(() -> write(sock, line), WRITE_LOCK)
        return true
    catch
        return false
    end
end

project() = Base.active_project()

# ----- Requests in: `<verb> <id> <nfields>\n` then `<name> <nbytes>\n<bytes>\n` per field --------

struct Request
    verb::String
    id::String
    fields::Dict{String,String}
end

function read_request(io::IO)
    header = readline(io)
    isempty(header) && eof(io) && return nothing
    parts = split(header, ' ')
    length(parts) == 3 || error("malformed request header: $(repr(header))")
    verb, id = String(parts[1]), String(parts[2])
    n = tryparse(Int, parts[3])
    (n === nothing || !(0 <= n <= MAX_FIELDS)) && error("bad field count in $(repr(header))")
    fields = Dict{String,String}()
    for _ in 1:n
        fh = split(readline(io), ' ')
        nb = length(fh) == 2 ? tryparse(Int, fh[2]) : nothing
        (nb === nothing || !(0 <= nb <= FIELD_LIMIT)) && error("malformed field header in $verb $id")
        bytes = read(io, nb)
        length(bytes) == nb || error("connection closed inside a field")
        read(io, UInt8) == UInt8('\n') || error("field $(fh[1]) of $verb $id not followed by a newline")
        fields[String(fh[1])] = String(bytes)
    end
    return Request(verb, id, fields)
end

field(r::Request, name) = haskey(r.fields, name) ? r.fields[name] : error("$(r.verb) needs a `$name` field")

# ----- Evaluation -----------------------------------------------------------------------------

# The module a request names: `Main` or a dotted path below it (`Main.Demo.Inner`); the first name
# may also be a loaded package that Main has not imported. A module that does not exist (its
# `module … end` block not yet run, its package not loaded) is nothing, and the code runs in Main
# instead; the result says which module was used. VS Code's Julia extension does the same
# (VSCodeServer's module_from_string / is_module_loaded: an unloaded module means Main).
function resolve_module(path::AbstractString)
    names = split(path, '.')
    popfirst!(names) == "Main" || return nothing
    m = Main
    for (i, n) in enumerate(names)
        s = Symbol(n)
        next = isdefined(m, s) ? getglobal(m, s) : i == 1 ? loaded_root(s) : nothing
        next isa Module || return nothing
        m = next
    end
    return m
end

function loaded_root(s::Symbol)
    for m in Base.loaded_modules_array()
        nameof(m) === s && return m
    end
    return nothing
end

# Parse as a whole file (Meta.parseall, like `include_string`), after `line - 1` blank lines so
# every LineNumberNode, `@__LINE__`, stack frame and parse error points at the real line in `file`.
# Each top-level expression is evaluated in turn with its location, as `include_string` does, and
# REPL.softscope makes loops at top level assign globals exactly as typing the code would.
function eval_code(mod::Module, code::AbstractString, file::AbstractString, line::Int)
    ast = Meta.parseall(string("\n"^max(line - 1, 0), code); filename=file)
    loc = LineNumberNode(line, Symbol(file))
    value = nothing
    for ex in ast.args
        if ex isa LineNumberNode
            loc = ex
            continue
        end
        value = Core.eval(mod, Expr(:toplevel, loc, REPL.softscope(ex)))
    end
    return value
end

# Frames of the user's code only: everything from kiln.jl's own frames down is Kiln's plumbing,
# and below the last "top-level scope" frame there is only Core.eval.
function user_frames(bt)
    st = stacktrace(bt)
    cut = findfirst(f -> String(f.file) == SELF_FILE, st)
    cut === nothing || (st = st[1:cut-1])
    top = findlast(f -> f.func === Symbol("top-level scope"), st)
    top === nothing || (st = st[1:top])
    return st
end

limited(s::AbstractString) = length(s) > TEXT_LIMIT ? (first(s, TEXT_LIMIT), true) : (s, false)

function text_form(value)
    value === nothing && return ("", false)
    limited(repr(MIME"text/plain"(), value; context=(:limit => true, :displaysize => (30, 120))))
end

function rich_form(value)
    showable(MIME"image/png"(), value) && return ("image/png", base64encode(show, MIME"image/png"(), value))
    showable(MIME"image/svg+xml"(), value) && return ("image/svg+xml", repr(MIME"image/svg+xml"(), value))
    return (nothing, nothing)
end

repl_display() = (i = findlast(d -> d isa REPL.REPLDisplay, Base.Multimedia.displays)) === nothing ?
    nothing : Base.Multimedia.displays[i]

function ends_with_semicolon(code)
    isdefined(REPL, :ends_with_semicolon) && return REPL.ends_with_semicolon(code)
    return endswith(rstrip(code), ';')
end

# Output from a background task would land after the `julia> ` prompt the user sees. As VS Code's
# Julia extension does, empty the input line, run `f`, then redraw the prompt with what the user
# had typed. Skipped while the REPL itself runs typed code: it owns the terminal then.
function with_prompt_hidden(f)
    repl = isdefined(Base, :active_repl) ? Base.active_repl : nothing
    backend = isdefined(Base, :active_repl_backend) ? Base.active_repl_backend : nothing
    busy = backend !== nothing && hasproperty(backend, :in_eval) && backend.in_eval
    s = repl isa REPL.LineEditREPL && !busy ? repl.mistate : nothing
    typed = ""
    if s !== nothing
        try
            buf = REPL.LineEdit.buffer(s)
            typed = String(take!(copy(buf)))
            truncate(buf, 0)
            REPL.LineEdit.refresh_line(s)
        catch
            s = nothing
        end
        print(stdout, "\r\e[2K")
    end
    try
        return f()
    finally
        flush(stdout); flush(stderr)
        if s !== nothing
            try
                REPL.LineEdit.edit_insert(REPL.LineEdit.buffer(s), typed)
                REPL.LineEdit.refresh_line(s)
            catch
            end
        end
    end
end

# The result names the module the code ran in (`"module":"Main.Demo"`); `module` is a keyword, so
# the field is added by name.
with_module(msg::NamedTuple, mod::Module) = merge(msg, NamedTuple{(Symbol("module"),)}((string(mod),)))

function handle_eval(r::Request)
    code, file = field(r, "code"), field(r, "file")
    line = something(tryparse(Int, field(r, "line")), 1)
    mod = something(resolve_module(field(r, "module")), Main)
    ontop!()
    t0 = time_ns()
    value, err, frames = nothing, nothing, Base.StackTraces.StackFrame[]
    with_prompt_hidden() do
        try
            BUSY[] = true
            value = eval_code(mod, code, file, line)
        catch e
            err, frames = e, user_frames(catch_backtrace())
        finally
            BUSY[] = false
        end
        if err === nothing
            setglobal!(Base.MainInclude, :ans, value)
            d = repl_display()
            if value !== nothing && !ends_with_semicolon(code)
                # invokelatest: the code may just have defined the `show` method it needs
                d === nothing ? (Base.invokelatest(show, stdout, MIME"text/plain"(), value); println()) :
                    Base.invokelatest(display, d, value)
            end
        else
            printstyled(stderr, "ERROR: "; bold=true, color=Base.error_color())
            Base.invokelatest(showerror, IOContext(stderr, :limit => true), err, frames)
            println(stderr)
        end
    end
    ms = round((time_ns() - t0) / 1e6; digits=3)
    if err !== nothing
        message, _ = limited(Base.invokelatest(sprint, showerror, err; context=:limit => true))
        frame_list = [(func=String(f.func), file=String(f.file), line=f.line) for f in frames]
        send(with_module((type="result", id=r.id, ok=false,
              error=(type=String(nameof(typeof(err))), message=message, frames=frame_list),
              evalMs=ms, project=project()), mod))
    else
        text, truncated = Base.invokelatest(text_form, value)
        mime, data = Base.invokelatest(rich_form, value)
        send(with_module((type="result", id=r.id, ok=true, text=text, truncated=truncated, mime=mime,
              data=data, evalMs=ms, project=project()), mod))
    end
end

# ----- Variables, activate, interrupt -----------------------------------------------------------

const HIDDEN = (:ans, :err, :eval, :include, :Base, :Core, :Main, :KilnREPL)

function describe(name::Symbol, x)
    size = x isa AbstractArray ? join(Base.size(x), "×") :
           try Base.format_bytes(Base.summarysize(x)) catch; "" end
    short = sprint(show, x; context=(:limit => true, :compact => true, :displaysize => (1, 120)))
    summary = x isa AbstractArray ? string(Base.summary(x), ": ", short) : short
    length(summary) > 120 && (summary = first(summary, 119) * "…")
    return (name=String(name), type=string(typeof(x)), size=size, summary=summary)
end

function handle_variables(r::Request)
    vars = Any[]
    for n in names(Main; all=true)
        (n in HIDDEN || startswith(String(n), '#') || !isdefined(Main, n)) && continue
        x = getglobal(Main, n)
        x isa Module && continue
        push!(vars, try Base.invokelatest(describe, n, x) catch
            (name=String(n), type=string(typeof(x)), size="", summary="")
        end)
    end
    send((type="variables", id=r.id, variables=vars))
end

const PKG_ID = Base.PkgId(Base.UUID("44cfe95a-1eb2-52ea-b672-e2afdf69b78f"), "Pkg")

function handle_activate(r::Request)
    path = field(r, "path")
    Pkg = Base.require(PKG_ID)             # loaded on first use: Pkg costs startup time
    if startswith(path, '@')
        Base.invokelatest(Pkg.activate, path[2:end]; shared=true)
    else
        Base.invokelatest(Pkg.activate, path)
    end
    send((type="project", id=r.id, project=project()))
end

# A waiting evaluation (sleep, I/O, a lock) sits in a wait queue: throw into it, as VS Code's
# Julia extension does. One that is computing is interrupted the way Ctrl-C does it, by SIGINT,
# which Julia turns into an InterruptException on the main thread where the worker runs.
function interrupt!()
    t = WORKER[]
    (t === nothing || !BUSY[] || istaskdone(t)) && return
    if t.queue !== nothing
        try schedule(t, InterruptException(); error=true) catch end
    elseif Sys.iswindows()
        ccall(:raise, Cint, (Cint,), 2)
    else
        ccall(:kill, Cint, (Cint, Cint), getpid(), 2)
    end
end

function work()
    while true
        r = try
            take!(QUEUE)
        catch e
            e isa InterruptException && continue   # an interrupt that came just too late
            rethrow()
        end
        r === nothing && return
        # invokelatest: user code defines bindings and methods after this task started
        handler = r.verb == "eval" ? handle_eval : r.verb == "variables" ? handle_variables : handle_activate
        try
            Base.invokelatest(handler, r)
        catch e
            send((type="error", id=r.id, message=sprint(showerror, e)))
        end
    end
end

function serve(sock)
    try
        while true
            r = read_request(sock)
            r === nothing && break
            if r.verb == "ping"
                send((type="pong", id=r.id))
            elseif r.verb == "interrupt"
                interrupt!()
                send((type="ack", id=r.id))
            elseif r.verb in ("eval", "variables", "activate")
                put!(QUEUE, r)
            else
                send((type="error", id=r.id, message="unknown verb: $(r.verb)"))
            end
        end
    catch e
        send((type="error", id=nothing, message="side channel closed: " * sprint(showerror, e)))
    finally
        SOCK[] = nothing
        put!(QUEUE, nothing)
        try close(sock) catch end
    end
end

# ----- Display: PNG/SVG from `display(x)` go to Kiln's plot pane --------------------------------

struct KilnDisplay <: AbstractDisplay end
const DISPLAY = KilnDisplay()

function Base.display(d::KilnDisplay, x)
    SOCK[] === nothing && throw(MethodError(display, (d, x)))   # fall through to the REPL
    mime, data = rich_form(x)
    mime === nothing && throw(MethodError(display, (d, x)))
    send((type="display", mime=mime, data=data))
    return nothing
end

# The REPL pushes its own display when its frontend starts, after our atreplinit hook has run, so
# put ours back on top then (and before every evaluation, in case a package pushed one since).
function ontop!()
    displays = Base.Multimedia.displays
    !isempty(displays) && last(displays) === DISPLAY && return
    DISPLAY in displays && popdisplay(DISPLAY)
    pushdisplay(DISPLAY)
end

# ----- Start ----------------------------------------------------------------------------------

function start()
    path, token = get(ENV, "KILN_SOCKET", ""), get(ENV, "KILN_TOKEN", "")
    delete!(ENV, "KILN_SOCKET"); delete!(ENV, "KILN_TOKEN")   # user code and children never see them
    (isempty(path) || isempty(token)) && return @warn "kiln.jl: no KILN_SOCKET/KILN_TOKEN; not connecting"
    sock = try
        Sockets.connect(path)
    catch e
        return @warn "kiln.jl: cannot reach Kiln at $path; the REPL works without it" exception = e
    end
    SOCK[] = sock
    send((type="hello", protocol=PROTOCOL, token=token, version=string(VERSION), pid=getpid(),
          threads=Threads.nthreads(), project=project()))
    ontop!()
    atreplinit() do _
        @async for _ in 1:200
            repl_display() !== nothing && return ontop!()
            sleep(0.05)
        end
    end
    WORKER[] = @async work()                 # on the main thread, where the REPL runs user code
    Threads.@spawn :default serve(sock)      # elsewhere when it can, so a busy eval can be interrupted
    return nothing
end

end # module KilnREPL

KilnREPL.start()
