from mylib import greet
print(greet("layerscope"))
