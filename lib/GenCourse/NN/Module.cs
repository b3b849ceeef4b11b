using System.Collections.Concurrent;
using System.Reflection;

namespace GenCourse;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// Base class of layers and models. Parameters (fields of type Parameter), buffers (other Tensor fields)
        /// and sub-modules (Module fields) are found automatically by reflection, in declaration order, so there
        /// is no registration call to forget. Use <see cref="register_module"/> etc. only for names chosen at run time.
        /// </summary>
        public abstract class Module
        {
            static readonly ConcurrentDictionary<Type, FieldInfo[]> FieldCache = new();
            readonly List<(string name, object value)> registered = new();
            bool componentsRegistered;

            /// <summary>The engine's own layers: their members are always registered.</summary>
            private protected Module() => componentsRegistered = true;

            /// <summary>
            /// A module of your own, as in TorchSharp: pass a name and call <see cref="RegisterComponents"/> at the end of
            /// the constructor. TorchSharp sees no parameters in a module that skips the call, so this engine refuses
            /// to list the members of such a module instead of silently training it here and not there.
            /// </summary>
            protected Module(string name) => this.name = name;

            /// <summary>The name given to the constructor (the class name for the engine's layers).</summary>
            public string name { get => field ?? GetType().Name; private set; }

            /// <summary>Registers the parameters, buffers and sub-modules held in fields (TorchSharp's RegisterComponents).</summary>
            protected void RegisterComponents() => componentsRegistered = true;

            /// <summary>True in training mode (dropout active, batch norm uses batch statistics).</summary>
            public bool training { get; private set; } = true;

            /// <summary>Adds a sub-module, parameter or buffer under a name chosen at run time (e.g. by Sequential).</summary>
            public void register_module(string name, Module module) => Register(name, module);

            public void register_parameter(string name, Parameter parameter) => Register(name, parameter);

            public void register_buffer(string name, Tensor buffer) => Register(name, buffer);

            void Register(string name, object value)
            {
                if (string.IsNullOrEmpty(name) || name.Contains('.'))
                    throw new ArgumentException($"register: invalid name \"{name}\" (must be non-empty and contain no '.')");
                int i = registered.FindIndex(r => r.name == name);
                if (i >= 0) registered[i] = (name, value);
                else registered.Add((name, value));
            }

            static FieldInfo[] Fields(Type type) => FieldCache.GetOrAdd(type, t =>
            {
                var chain = new List<Type>();
                for (var c = t; c != null && c != typeof(Module); c = c.BaseType) chain.Insert(0, c);
                return chain.SelectMany(c => c.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                    .Where(f => typeof(Tensor).IsAssignableFrom(f.FieldType) || typeof(Module).IsAssignableFrom(f.FieldType))
                    .ToArray();
            });

            static string CleanName(string field) =>
                field.StartsWith('<') && field.Contains(">k__BackingField") ? field[1..field.IndexOf('>')] : field;

            /// <summary>The direct members of this module: (name, value) with value a Parameter, buffer Tensor or Module.</summary>
            IEnumerable<(string name, object value)> Members()
            {
                var fields = Fields(GetType());
                if (!componentsRegistered && fields.Length > 0)
                    throw new InvalidOperationException(
                        $"{GetType().Name}: the constructor never called RegisterComponents(), so TorchSharp would find none of its " +
                        $"parameters and sub-modules ({string.Join(", ", fields.Select(f => CleanName(f.Name)))}); call it at the end of the constructor");
                foreach (var f in fields)
                    if (f.GetValue(this) is { } v and (Tensor or Module)) yield return (CleanName(f.Name), v);
                foreach (var r in registered) yield return r;
            }

            public IEnumerable<(string name, Module module)> named_children()
            {
                var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
                foreach (var (name, v) in Members())
                    if (v is Module m && seen.Add(m)) yield return (name, m);
            }

            public IEnumerable<Module> children() => named_children().Select(c => c.module);

            /// <summary>This module and all modules below it, with dotted names ("" for this one).</summary>
            public IEnumerable<(string name, Module module)> named_modules()
            {
                var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
                var ordered = new List<(string, Module)>();
                Visit("", this);
                return ordered;

                void Visit(string prefix, Module m)
                {
                    if (!seen.Add(m)) return;
                    ordered.Add((prefix, m));
                    foreach (var (name, child) in m.named_children()) Visit(prefix.Length == 0 ? name : prefix + "." + name, child);
                }
            }

            public IEnumerable<Module> modules() => named_modules().Select(m => m.module);

            IEnumerable<(string name, Tensor tensor)> NamedTensors(bool parameters, bool recurse)
            {
                var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
                var mods = recurse ? named_modules() : [("", this)];
                foreach (var (prefix, m) in mods)
                    foreach (var (name, v) in m.Members())
                        if (v is Tensor t && (t is Parameter) == parameters && seen.Add(t))
                            yield return (prefix.Length == 0 ? name : prefix + "." + name, t);
            }

            /// <summary>Trainable parameters with dotted names, each listed once even if shared.</summary>
            public IEnumerable<(string name, Parameter parameter)> named_parameters(bool recurse = true) =>
                NamedTensors(true, recurse).Select(p => (p.name, (Parameter)p.tensor));

            public IEnumerable<Parameter> parameters(bool recurse = true) => named_parameters(recurse).Select(p => p.parameter);

            /// <summary>Non-trainable state such as batch-norm running statistics.</summary>
            public IEnumerable<(string name, Tensor buffer)> named_buffers(bool recurse = true) => NamedTensors(false, recurse);

            public IEnumerable<Tensor> buffers(bool recurse = true) => named_buffers(recurse).Select(b => b.buffer);

            /// <summary>Number of scalar parameters (trainable only by default).</summary>
            public long parameter_count(bool trainable_only = true) =>
                parameters().Where(p => !trainable_only || p.requires_grad).Sum(p => p.numel());

            public Module train(bool mode = true)
            {
                foreach (var m in modules()) m.training = mode;
                return this;
            }

            public Module eval() => train(false);

            /// <summary>Clears the gradients of all parameters (sets them to null, like PyTorch's default).</summary>
            public void zero_grad()
            {
                foreach (var p in parameters()) p.grad = null;
            }

            /// <summary>Parameters and buffers by dotted name (views sharing the module's storage).</summary>
            public Dictionary<string, Tensor> state_dict()
            {
                var result = new Dictionary<string, Tensor>();
                foreach (var (name, p) in named_parameters()) result[name] = p.detach();
                foreach (var (name, b) in named_buffers()) result[name] = b.detach();
                return result;
            }

            /// <summary>
            /// Copies values from <paramref name="state"/> into this module's parameters and buffers. With
            /// <paramref name="strict"/>, missing and unexpected keys are an error; shapes must always match.
            /// </summary>
            public (IList<string> missing, IList<string> unexpected) load_state_dict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
            {
                var own = state_dict();
                var missing = own.Keys.Where(k => !state.ContainsKey(k)).ToList();
                var unexpected = state.Keys.Where(k => !own.ContainsKey(k)).ToList();
                if (strict && (missing.Count > 0 || unexpected.Count > 0))
                    throw new ArgumentException($"load_state_dict: missing keys [{string.Join(", ", missing)}], unexpected keys [{string.Join(", ", unexpected)}] for {GetType().Name}");
                foreach (var (name, target) in own)
                {
                    if (!state.TryGetValue(name, out var source)) continue;
                    if (!source.shape.SequenceEqual(target.shape))
                        throw new ArgumentException($"load_state_dict: \"{name}\" has shape {Shape.Format(source.shape)} in the state dict but {Shape.Format(target.shape)} in the module");
                    using (no_grad()) target.copy_(source);
                }
                return (missing, unexpected);
            }

            /// <summary>Moves the module to a device: the embedded engine has only the CPU.</summary>
            public Module to(Device device)
            {
                RequireCpu(device, $"{GetType().Name}.to");
                return this;
            }

            /// <summary>Converts all parameters and buffers to <paramref name="dtype"/> (do this before creating the optimizer).</summary>
            public Module to(ScalarType dtype)
            {
                foreach (var m in modules()) m.ConvertMembers(dtype);
                return this;
            }

            void ConvertMembers(ScalarType dtype)
            {
                foreach (var f in Fields(GetType()))
                    if (f.GetValue(this) is Tensor t && t.dtype != dtype && t.dtype.IsFloatingPoint())
                        f.SetValue(this, Convert(t, dtype));
                for (int i = 0; i < registered.Count; i++)
                    if (registered[i].value is Tensor t && t.dtype != dtype && t.dtype.IsFloatingPoint())
                        registered[i] = (registered[i].name, Convert(t, dtype));
            }

            static Tensor Convert(Tensor t, ScalarType dtype) =>
                t is Parameter p ? new Parameter(p.detach().to(dtype), p.requires_grad) : t.detach().to(dtype);

            /// <summary>A one-line-per-module summary like PyTorch's print(model).</summary>
            public override string ToString() => Describe(0);

            string Describe(int indent)
            {
                var kids = named_children().ToList();
                var head = GetType().Name + "(" + ExtraRepr();
                if (kids.Count == 0) return head + ")";
                var pad = new string(' ', indent + 2);
                var lines = kids.Select(k => $"{pad}({k.name}): {k.module.Describe(indent + 2)}");
                return head + "\n" + string.Join("\n", lines) + "\n" + new string(' ', indent) + ")";
            }

            /// <summary>Hyper-parameters shown by ToString, e.g. "in_features=784, out_features=512".</summary>
            protected virtual string ExtraRepr() => "";
        }

        /// <summary>A module with one input and one output: implement <see cref="forward"/>.</summary>
        public abstract class Module<T, TResult> : Module
        {
            private protected Module()
            {
            }

            protected Module(string name) : base(name)
            {
            }

            public abstract TResult forward(T input);

            public TResult call(T input) => forward(input);
        }

        /// <summary>A module with two inputs.</summary>
        public abstract class Module<T1, T2, TResult> : Module
        {
            private protected Module()
            {
            }

            protected Module(string name) : base(name)
            {
            }

            public abstract TResult forward(T1 input1, T2 input2);

            public TResult call(T1 input1, T2 input2) => forward(input1, input2);
        }
    }
}
