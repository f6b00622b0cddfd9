namespace CampaignStudio.Features.Audience.Segments;

public static class SegmentsFeature
{
    public static WebApplicationBuilder AddSegmentsFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SegmentValidator>();
        builder.Services.AddSingleton<SegmentQueryCompiler>();
        builder.Services.AddScoped<SegmentService>();
        return builder;
    }

    /// <summary><c>POST /api/v1/segments/preview</c>: how many contacts a rule matches, and how many each channel reaches.</summary>
    public static RouteGroupBuilder MapSegmentsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/segments/preview", async (HttpRequest request, SegmentService segments, CancellationToken cancellationToken) =>
            {
                // Rules are read with their own strict options (polymorphic nodes, unknown members refused).
                using var reader = new StreamReader(request.Body);
                var definition = SegmentJson.Deserialize(await reader.ReadToEndAsync(cancellationToken));
                var reach = await segments.ReachableCountsAsync(definition, cancellationToken);
                return TypedResults.Ok(new SegmentPreview(reach.Matching, reach.Reachable.ToDictionary(r => r.Key.ToString(), r => r.Value)));
            })
            .WithName("PreviewSegment")
            .WithSummary("Counts the contacts a segment rule matches (evaluated in the database) and the reachable ones per channel. The body is a segment definition: {\"version\":1,\"root\":{\"operator\":\"and\",\"rules\":[...]}}.")
            .Accepts<SegmentDefinition>("application/json")
            .RequireAuthorization(Identity.Policies.Read)
            .ProducesValidationProblem();
        return api;
    }
}

public sealed record SegmentPreview(int Matching, IReadOnlyDictionary<string, int> Reachable);
