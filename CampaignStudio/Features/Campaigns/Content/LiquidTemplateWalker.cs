using System.Text.RegularExpressions;
using Fluid.Ast;
using Fluid.Values;

namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>
/// Walks a parsed template's statements and expressions in template order. Always reports tags that are not allowed;
/// given the available <see cref="PersonalizationFields"/>, also reports unknown variables and filters, knowing the
/// variables the template introduces itself (<c>assign</c>, <c>capture</c>, and a <c>for</c> loop's variable and
/// <c>forloop</c> inside its body).
/// </summary>
internal sealed class LiquidTemplateWalker(string source, PersonalizationFields? fields)
{
    /// <summary>Members every value has in Liquid (<c>tags.size</c>, <c>tags.first</c>, <c>name.size</c>).</summary>
    private static readonly HashSet<string> ValueMembers = new(StringComparer.Ordinal) { "size", "first", "last" };

    private const string IndexSegment = "[]";

    private readonly LiquidSourceLocator locator = new(source);
    private readonly HashSet<string> assigned = new(StringComparer.Ordinal);
    private readonly List<string> loopVariables = [];

    public List<LiquidProblem> Problems { get; } = [];

    public void Walk(IReadOnlyList<Statement>? statements)
    {
        if (statements is null)
        {
            return;
        }

        foreach (var statement in statements)
        {
            Visit(statement);
        }
    }

    private void Visit(Statement statement)
    {
        switch (statement)
        {
            case TextSpanStatement text:
                locator.MoveTo(text.Text.Offset + text.Text.Length);
                break;
            case OutputStatement output:
                Expression(output.Expression);
                break;
            case AssignStatement assign:
                Expression(assign.Value);
                assigned.Add(assign.Identifier);
                break;
            case CaptureStatement capture:
                Walk(capture.Statements);
                assigned.Add(capture.Identifier);
                break;
            case IfStatement @if:
                Expression(@if.Condition);
                Walk(@if.Statements);
                foreach (var elseIf in @if.ElseIfs ?? [])
                {
                    Expression(elseIf.Condition);
                    Walk(elseIf.Statements);
                }

                Walk(@if.Else?.Statements);
                break;
            case UnlessStatement unless:
                Expression(unless.Condition);
                Walk(unless.Statements);
                Walk(unless.Else?.Statements);
                break;
            case CaseStatement @case:
                Expression(@case.Expression);
                foreach (var when in @case.Whens ?? [])
                {
                    foreach (var option in when.Options)
                    {
                        Expression(option);
                    }

                    Walk(when.Statements);
                }

                Walk(@case.Else?.Statements);
                break;
            case ForStatement @for:
                For(@for);
                break;
            case CommentStatement or RawStatement or BreakStatement or ContinueStatement or NoOpStatement:
                break;
            default:
                Disallowed(statement);
                break;
        }
    }

    private void For(ForStatement @for)
    {
        Expression(@for.Range ?? @for.Source);
        Expression(@for.Limit);
        if (!@for.OffsetIsContinue)
        {
            Expression(@for.Offset);
        }

        loopVariables.Add(@for.Identifier);
        loopVariables.Add("forloop");
        Walk(@for.Statements);
        loopVariables.RemoveRange(loopVariables.Count - 2, 2);
        Walk(@for.Else?.Statements);
    }

    private void Disallowed(Statement statement)
    {
        var tag = TagName(statement);
        var position = locator.Find(new Regex(@"\{%-?\s*" + Regex.Escape(tag) + @"\b"));
        var message = LiquidSandbox.FileTags.Contains(tag)
            ? $"The '{tag}' tag is not allowed: a campaign template cannot load other templates or files."
            : UnsupportedTagMessage(tag);
        Problems.Add(locator.Problem(LiquidProblemKind.DisallowedTag, message, position));

        // Still check what the block contains, so every problem shows at once.
        if (statement is TableRowStatement tableRow)
        {
            Expression(tableRow.Source);
            loopVariables.Add(tableRow.Identifier);
            loopVariables.Add("tablerowloop");
            Walk(tableRow.Statements);
            loopVariables.RemoveRange(loopVariables.Count - 2, 2);
        }
        else if (statement is TagStatement block)
        {
            Walk(block.Statements);
        }
    }

    /// <summary>Why a tag other than the allowed ones is refused.</summary>
    public static string UnsupportedTagMessage(string tag) =>
        $"The '{tag}' tag is not supported in campaign templates. Use if, unless, case, for, assign or capture.";

    private static string TagName(Statement statement) => statement switch
    {
        IncludeStatement => "include",
        RenderStatement => "render",
        CycleStatement => "cycle",
        IncrementStatement => "increment",
        DecrementStatement => "decrement",
        TableRowStatement => "tablerow",
        IfChangedStatement => "ifchanged",
        LiquidStatement => "liquid",
        MacroStatement => "macro",
        FromStatement => "from",
        _ => statement.GetType().Name.Replace("Statement", string.Empty, StringComparison.Ordinal).ToLowerInvariant(),
    };

    private void Expression(Expression? expression)
    {
        switch (expression)
        {
            case MemberExpression member:
                Member(member);
                break;
            case FilterExpression filter:
                Expression(filter.Input);
                Filter(filter.Name);
                foreach (var argument in filter.Parameters ?? [])
                {
                    Expression(argument.Expression);
                }

                break;
            case BinaryExpression binary:
                Expression(binary.Left);
                Expression(binary.Right);
                break;
            case RangeExpression range:
                Expression(range.From);
                Expression(range.To);
                break;
        }
    }

    private void Filter(string name)
    {
        if (fields is null || LiquidSandbox.FilterNames.Contains(name))
        {
            return;
        }

        var position = locator.Find(new Regex(@"\|\s*" + Regex.Escape(name) + @"\b"));
        if (LiquidSandbox.DisallowedFilters.Contains(name))
        {
            Problems.Add(locator.Problem(
                LiquidProblemKind.DisallowedFilter,
                $"The '{name}' filter is not allowed: inserted values are always written safely for the message.",
                position));
            return;
        }

        var suggestion = TextDistance.Closest(name, LiquidSandbox.FilterNames);
        Problems.Add(locator.Problem(
            LiquidProblemKind.UnknownFilter,
            $"Unknown filter '{name}'." + (suggestion is null ? string.Empty : $" Did you mean '{suggestion}'?"),
            position,
            suggestion));
    }

    private void Member(MemberExpression member)
    {
        var names = new List<string>();
        foreach (var segment in member.Segments)
        {
            if (segment is IdentifierSegment identifier)
            {
                names.Add(identifier.Identifier);
            }
            else if (segment is IndexerSegment { Expression: LiteralExpression literal })
            {
                names.Add(literal.Value is StringValue ? literal.Value.ToStringValue() : IndexSegment);
            }
            else
            {
                // A computed index (contact.fields[key]) or a call: check what it uses, then the path up to it only.
                if (segment is IndexerSegment indexer)
                {
                    Expression(indexer.Expression);
                }

                break;
            }
        }

        if (fields is null || names.Count == 0)
        {
            return;
        }

        var root = names[0];
        if (assigned.Contains(root) || loopVariables.Contains(root))
        {
            return;
        }

        CheckPath(names);
    }

    private void CheckPath(List<string> names)
    {
        var path = names[0];
        for (var i = 1; ; i++)
        {
            if (fields!.IsField(path))
            {
                for (var j = i; j < names.Count; j++)
                {
                    if (names[j] != IndexSegment && !ValueMembers.Contains(names[j]))
                    {
                        Unknown(names, j + 1);
                        return;
                    }
                }

                return;
            }

            if (!fields.IsObject(path))
            {
                // A whole object missing here (contact in a template without contact) is reported with its field.
                Unknown(names, i == 1 && IsStandardObject(path) ? Math.Min(names.Count, IsCustomFieldPath(names) ? 3 : 2) : i);
                return;
            }

            if (i == names.Count || names[i] == IndexSegment)
            {
                return;
            }

            path += "." + names[i];
        }
    }

    private void Unknown(List<string> names, int count)
    {
        var path = string.Join('.', names.Take(count).Where(n => n != IndexSegment));
        var position = locator.Find(PathPattern(names, count));
        if (IsUnavailableHere(path))
        {
            Problems.Add(locator.Problem(
                LiquidProblemKind.UnavailableField,
                $"'{path}' is not available in this message.",
                position));
            return;
        }

        var candidates = fields!.Fields.Select(f => f.Path).Concat(assigned).Concat(loopVariables).Distinct();
        // An unknown event name (contact.events.lifitng.total) is matched with what was written after it, so the
        // suggestion is a whole field (contact.events.lifting.total) rather than nothing.
        var written = path.StartsWith(PersonalizationFields.EventsObject + ".", StringComparison.Ordinal) && count < names.Count
            ? string.Join('.', names.Where(n => n != IndexSegment))
            : path;
        var suggestion = TextDistance.Closest(written, candidates, candidate => Math.Min(
            TextDistance.Between(written, candidate),
            written.Contains('.') ? int.MaxValue : TextDistance.Between(written, candidate[(candidate.LastIndexOf('.') + 1)..])));
        Problems.Add(locator.Problem(
            LiquidProblemKind.UnknownField,
            $"Unknown field '{path}'." + (suggestion is null ? string.Empty : $" Did you mean '{suggestion}'?"),
            position,
            suggestion));
    }

    private bool IsUnavailableHere(string path)
    {
        if (PersonalizationFields.IsStandardPath(path))
        {
            return true;
        }

        var root = path.Split('.')[0];
        return IsStandardObject(root) && !fields!.IsObject(root);
    }

    private static bool IsStandardObject(string name) => name is PersonalizationNames.Contact or PersonalizationNames.Campaign;

    private static bool IsCustomFieldPath(List<string> names) =>
        names.Count > 2 && names[0] == PersonalizationNames.Contact && names[1] == PersonalizationNames.Fields;

    private static Regex PathPattern(List<string> names, int count)
    {
        var pattern = @"(?<![\w.])" + Regex.Escape(names[0]);
        foreach (var name in names.Skip(1).Take(count - 1))
        {
            pattern += name == IndexSegment
                ? @"\s*\[[^\]]*\]"
                : @"\s*(?:\.\s*" + Regex.Escape(name) + @"\b|\[\s*['""]" + Regex.Escape(name) + @"['""]\s*\])";
        }

        return new Regex(pattern);
    }
}
