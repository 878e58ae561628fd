from setuptools import setup
setup(name="mylib", version="1.2.0", packages=["mylib"])
