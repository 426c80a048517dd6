using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Subx.Tests.Engine;

/// <summary>
/// What every method of an assembly calls, read from its IL: enough to find the places where a number
/// becomes a TorchSharp Scalar that nothing holds. Methods are named
/// "Namespace.Type+Nested::Name(ParamTypes):ReturnType", the same way for a definition and for a reference
/// from another assembly, so calls resolve by name.
/// </summary>
internal sealed class IlCalls
{
    private static readonly Dictionary<ushort, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => (ushort)o.Value);

    /// <summary>One call in a method body.</summary>
    /// <param name="Callee">The method called.</param>
    /// <param name="Virtual">Whether it is a callvirt (so an override may run).</param>
    /// <param name="Stored">What the very next instruction does with the result: "local N", "field", "return", or null (none of these).</param>
    internal sealed record Call(string Callee, bool Virtual, string? Stored);

    /// <summary>Each method of the assembly with a body, and its calls in order.</summary>
    public Dictionary<string, List<Call>> Bodies { get; } = new();

    /// <summary>Each method's locals that it disposes: loads and at once calls Dispose() on, as `using` does.</summary>
    public Dictionary<string, HashSet<int>> DisposedLocals { get; } = new();

    /// <summary>Each type of the assembly and the type it derives from (generic arguments left out).</summary>
    public Dictionary<string, string> BaseTypes { get; } = new();

    /// <summary>Reads every method body of the assembly at <paramref name="path"/>.</summary>
    public IlCalls(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var md = pe.GetMetadataReader();
        var names = new TypeNames(md);
        foreach (var handle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(handle);
            if (!type.BaseType.IsNil) BaseTypes[names.Type(handle)] = names.TypeWithoutArguments(type.BaseType);
        }
        foreach (var handle in md.MethodDefinitions)
        {
            var method = md.GetMethodDefinition(handle);
            if (method.RelativeVirtualAddress == 0) continue;
            string key = names.Method(handle);
            var code = Decode(pe.GetMethodBody(method.RelativeVirtualAddress).GetILReader(), names);
            var calls = Bodies[key] = [];
            var disposed = DisposedLocals[key] = [];
            for (int i = 0; i < code.Count; i++)
            {
                var next = i + 1 < code.Count ? code[i + 1] : default;
                if (code[i].Callee is string callee)
                {
                    string? stored = StoredLocal(next) is int k ? $"local {k}"
                        : next.Op == OpCodes.Stfld || next.Op == OpCodes.Stsfld ? "field"
                        : next.Op == OpCodes.Ret ? "return" : null;
                    calls.Add(new Call(callee, code[i].Op == OpCodes.Callvirt || code[i].Op == OpCodes.Ldvirtftn, stored));
                }
                if (LoadedLocal(code[i]) is int local && next.Callee is "System.IDisposable::Dispose():Void" or "TorchSharp.Scalar::Dispose():Void")
                    disposed.Add(local);
            }
        }
    }

    /// <summary>One instruction: its opcode, the method it names (calls, newobj, ldftn) and its local-variable operand.</summary>
    private readonly record struct Instruction(OpCode Op, string? Callee, int Operand);

    private static List<Instruction> Decode(BlobReader il, TypeNames names)
    {
        var code = new List<Instruction>();
        while (il.RemainingBytes > 0)
        {
            ushort value = il.ReadByte();
            if (value == 0xFE) value = (ushort)(0xFE00 | il.ReadByte());
            var op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                // call, callvirt, newobj, and ldftn too: a lambda handed over as a delegate runs when the callee invokes it.
                case OperandType.InlineMethod: code.Add(new(op, names.Method(MetadataTokens.EntityHandle(il.ReadInt32())), 0)); continue;
                case OperandType.ShortInlineVar: code.Add(new(op, null, il.ReadByte())); continue;
                case OperandType.InlineVar: code.Add(new(op, null, il.ReadUInt16())); continue;
                case OperandType.InlineSwitch: int targets = il.ReadInt32(); il.Offset += 4 * targets; break;
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI: il.Offset += 1; break;
                case OperandType.InlineI8 or OperandType.InlineR: il.Offset += 8; break;
                default: il.Offset += 4; break;
            }
            code.Add(new(op, null, 0));
        }
        return code;
    }

    private static int? StoredLocal(Instruction x) =>
        x.Op == OpCodes.Stloc_0 ? 0 : x.Op == OpCodes.Stloc_1 ? 1 : x.Op == OpCodes.Stloc_2 ? 2 : x.Op == OpCodes.Stloc_3 ? 3
        : x.Op == OpCodes.Stloc_S || x.Op == OpCodes.Stloc ? x.Operand : null;

    private static int? LoadedLocal(Instruction x) =>
        x.Op == OpCodes.Ldloc_0 ? 0 : x.Op == OpCodes.Ldloc_1 ? 1 : x.Op == OpCodes.Ldloc_2 ? 2 : x.Op == OpCodes.Ldloc_3 ? 3
        : x.Op == OpCodes.Ldloc_S || x.Op == OpCodes.Ldloc ? x.Operand : null;

    /// <summary>The type part of a method key: "Type::Name(…):R" → "Type".</summary>
    public static string TypeOf(string method) => method[..method.IndexOf("::", StringComparison.Ordinal)];

    /// <summary>The name part of a method key: "Type::Name(…):R" → "Name(…):R".</summary>
    public static string NameAndSignature(string method) => method[(method.IndexOf("::", StringComparison.Ordinal) + 2)..];

    /// <summary>Whether <paramref name="type"/> is <paramref name="ancestor"/> or derives from it within this assembly.</summary>
    public bool DerivesFrom(string type, string ancestor)
    {
        for (string? t = type; t is not null; t = BaseTypes.GetValueOrDefault(t))
            if (t == ancestor) return true;
        return false;
    }

    /// <summary>Names types and methods as <see cref="IlCalls"/> keys them; decodes signatures to those names.</summary>
    private sealed class TypeNames(MetadataReader md) : ISignatureTypeProvider<string, object?>
    {
        public string Method(EntityHandle h) => h.Kind switch
        {
            HandleKind.MethodDefinition => Definition((MethodDefinitionHandle)h),
            HandleKind.MemberReference => Reference((MemberReferenceHandle)h),
            HandleKind.MethodSpecification => Method(md.GetMethodSpecification((MethodSpecificationHandle)h).Method),
            _ => "?",
        };

        private string Definition(MethodDefinitionHandle h)
        {
            var m = md.GetMethodDefinition(h);
            return $"{Type(m.GetDeclaringType())}::{md.GetString(m.Name)}{Signature(m.Signature)}";
        }

        private string Reference(MemberReferenceHandle h)
        {
            var m = md.GetMemberReference(h);
            return $"{TypeWithoutArguments(m.Parent)}::{md.GetString(m.Name)}{Signature(m.Signature)}";
        }

        /// <summary>A type's name without generic arguments, however the handle refers to it.</summary>
        public string TypeWithoutArguments(EntityHandle h) => h.Kind switch
        {
            HandleKind.TypeDefinition => Type((TypeDefinitionHandle)h),
            HandleKind.TypeReference => Type((TypeReferenceHandle)h),
            HandleKind.TypeSpecification => GenericParent((TypeSpecificationHandle)h),
            _ => "?",
        };

        /// <summary>A generic type's own name, without its arguments, so a reference matches the definition.</summary>
        private string GenericParent(TypeSpecificationHandle h)
        {
            string full = md.GetTypeSpecification(h).DecodeSignature(this, null);
            int lt = full.IndexOf('<');
            return lt < 0 ? full : full[..lt];
        }

        /// <summary>"(P1,P2):Return": the return type too, since op_Explicit overloads differ by it alone.</summary>
        private string Signature(BlobHandle signature)
        {
            var blob = md.GetBlobReader(signature);
            var decoded = new SignatureDecoder<string, object?>(this, md, null).DecodeMethodSignature(ref blob);
            return $"({string.Join(",", decoded.ParameterTypes)}):{decoded.ReturnType}";
        }

        public string Type(TypeDefinitionHandle h)
        {
            var t = md.GetTypeDefinition(h);
            var outer = t.GetDeclaringType();
            return outer.IsNil ? $"{md.GetString(t.Namespace)}.{md.GetString(t.Name)}" : $"{Type(outer)}+{md.GetString(t.Name)}";
        }

        private string Type(TypeReferenceHandle h)
        {
            var t = md.GetTypeReference(h);
            return t.ResolutionScope.Kind == HandleKind.TypeReference
                ? $"{Type((TypeReferenceHandle)t.ResolutionScope)}+{md.GetString(t.Name)}"
                : $"{md.GetString(t.Namespace)}.{md.GetString(t.Name)}";
        }

        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[" + new string(',', shape.Rank - 1) + "]";
        public string GetByReferenceType(string elementType) => elementType + "&";
        public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr";
        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => $"{genericType}<{string.Join(",", typeArguments)}>";
        public string GetGenericMethodParameter(object? context, int index) => "!!" + index;
        public string GetGenericTypeParameter(object? context, int index) => "!" + index;
        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
        public string GetPinnedType(string elementType) => elementType;
        public string GetPointerType(string elementType) => elementType + "*";
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
        public string GetSZArrayType(string elementType) => elementType + "[]";
        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => Type(handle);
        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => Type(handle);
        public string GetTypeFromSpecification(MetadataReader reader, object? context, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, context);
    }
}
