using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace CampaignStudio.Features.Shared;

/// <summary>Turns domain errors thrown under endpoints into RFC 9457 problem details with the right status.</summary>
internal sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not DomainException domain)
        {
            return false;
        }

        var status = domain switch
        {
            ForbiddenException => StatusCodes.Status403Forbidden,
            NotFoundException => StatusCodes.Status404NotFound,
            ConflictException or InvalidStateException => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        };
        httpContext.Response.StatusCode = status;
        ProblemDetails details = domain is ValidationFailedException invalid
            ? new HttpValidationProblemDetails(invalid.Errors.ToDictionary(e => e.Key, e => e.Value)) { Status = status, Detail = domain.Message }
            : new ProblemDetails { Status = status, Detail = domain.Message };
        details.Title = status switch
        {
            StatusCodes.Status403Forbidden => "Forbidden",
            StatusCodes.Status404NotFound => "Not found",
            StatusCodes.Status409Conflict => "Conflict",
            _ => "The request is not valid",
        };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = exception });
    }
}
