"""The knowledge and cooperation hub. (Helper E replaces this placeholder.)"""

from django.http import HttpResponse

from coalition.core import access


@access.rule(access.READER)
def hub(request):
    return HttpResponse("knowledge")
