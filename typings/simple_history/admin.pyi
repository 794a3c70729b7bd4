from typing import TypeVar

from django.contrib import admin
from django.db import models

_ModelT = TypeVar("_ModelT", bound=models.Model)

class SimpleHistoryAdmin(admin.ModelAdmin[_ModelT]): ...
