using Fluid.Ast;
using Fluid.Values;

namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>Rewrites every <c>for</c> loop so it runs at most a fixed number of times: no limit becomes <c>limit: max</c>, a limit becomes <c>limit | at_most: max</c>.</summary>
internal sealed class LiquidLoopLimiter(int maxIterations) : AstRewriter
{
    protected override Statement VisitForStatement(ForStatement forStatement)
    {
        var visited = (ForStatement)base.VisitForStatement(forStatement);
        var cap = new LiteralExpression(NumberValue.Create(maxIterations));
        Expression limit = visited.Limit is null
            ? cap
            : new FilterExpression(visited.Limit, "at_most", [new FilterArgument(null!, cap)]);
        return new ForStatement(
            visited.Statements,
            visited.Identifier,
            visited.Range ?? visited.Source,
            limit,
            visited.Offset,
            visited.Reversed,
            visited.Else);
    }
}
